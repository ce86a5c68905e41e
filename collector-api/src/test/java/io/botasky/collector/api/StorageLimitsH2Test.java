package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;

class StorageLimitsH2Test extends StorageLimitsContract {
  @Override
  TestDatabase database(Path tmp) throws Exception {
    return TestDatabase.create(TestDatabase.Engine.H2, tmp);
  }

  @Override
  String narrow(String table, String column, int n) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DATA TYPE VARCHAR(" + n + ")";
  }
}
