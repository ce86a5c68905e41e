package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;

class MaintenanceH2Test extends MaintenanceApiContract {
  @Override
  TestDatabase database(Path tmp) throws Exception {
    return TestDatabase.create(TestDatabase.Engine.H2, tmp);
  }
}
