package io.botasky.collector.api;

import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The same API cases on MySQL 8 in a container, where a Docker engine exists (skipped cleanly
 * otherwise). The server runs in a non-UTC zone: stored times are epoch milliseconds and must not
 * move.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CollectorApiMySql8Test extends CollectorApiContract {
  @Container
  static final MySQLContainer MYSQL =
      new MySQLContainer("mysql:8.4")
          .withEnv("TZ", "Asia/Shanghai")
          .withCommand("--default-time-zone=+08:00");

  @Override
  TestDatabase database(Path tmp) throws Exception {
    String server = "jdbc:mysql://" + MYSQL.getHost() + ":" + MYSQL.getFirstMappedPort();
    return TestDatabase.createOn(server, "root", MYSQL.getPassword(), tmp);
  }
}
