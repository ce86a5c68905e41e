package io.botasky.collector.ingest;

import io.botasky.common.testkit.TestDatabase;

class HostWatchMariaDbTest extends HostWatchContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.MARIADB;
  }
}
