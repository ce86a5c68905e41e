package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;

class CollectorApiH2Test extends CollectorApiContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }
}
