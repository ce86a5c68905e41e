package io.botasky.collector.ingest;

import io.botasky.common.testkit.TestDatabase;

class HostWatchH2Test extends HostWatchContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }
}
