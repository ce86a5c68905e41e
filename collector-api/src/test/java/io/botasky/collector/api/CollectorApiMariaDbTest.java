package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;

class CollectorApiMariaDbTest extends CollectorApiContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.MARIADB;
  }
}
