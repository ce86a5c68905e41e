package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;

class StorageLimitsMariaDbTest extends StorageLimitsContract {
  @Override
  TestDatabase database(Path tmp) throws Exception {
    return TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
  }

  @Override
  String narrow(String table, String column, int n) {
    return "ALTER TABLE " + table + " MODIFY " + column + " VARCHAR(" + n + ") NOT NULL";
  }
}
