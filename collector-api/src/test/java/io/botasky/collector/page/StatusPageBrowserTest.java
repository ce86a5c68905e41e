package io.botasky.collector.page;

import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (Debian chromium + chromedriver, installed by scripts/test.sh
 * on CI): it loads, a new event appears without reload within 2 s, ack works, hostile text stays
 * text. Screenshots go to target/ as build artifacts.
 */
class StatusPageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final String HOSTILE =
      "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> & \"quoted\"";

  @TempDir Path tmp;

  /** A headless Chromium; skips the test where it is not installed (fails on CI). */
  static ChromeDriver browser(Path profile) {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "chromium and chromium-driver must be installed on CI (scripts/test.sh installs them)");
    }
    Assumptions.assumeTrue(
        present, "chromium/chromedriver not installed (apt-get install chromium chromium-driver)");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, o);
  }

  @Test
  void showsHostsAndAlertsLiveAcksAndEscapesHostileText() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "hosts = pi3\n")) {
      String evilHost = "<b>evil</b>-host";
      col.post(
          "/api/v1/heartbeat",
          Collector.tokenOf("pi3"),
          Map.of("host", "pi3", "agent_version", "0.1.0"));
      col.post("/api/v1/heartbeat", Collector.ADMIN, Map.of("host", evilHost));
      long now = System.currentTimeMillis();
      List<Map<String, Object>> samples = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        samples.add(Map.of("metric", "cpu.usage", "ts", now - (30 - i) * 60_000L, "value", 20 + i));
        samples.add(
            Map.of(
                "metric", "mem.used_percent", "ts", now - (30 - i) * 60_000L, "value", 50 + i % 5));
        samples.add(
            Map.of(
                "metric",
                "disk.used_percent",
                "ts",
                now - (30 - i) * 60_000L,
                "value",
                71.5,
                "labels",
                Map.of("mount", "/")));
      }
      col.post(
          "/api/v1/metrics",
          Collector.tokenOf("pi3"),
          Map.of("host", "pi3", "batch_id", UUID.randomUUID().toString(), "samples", samples));
      col.post(
          "/api/v1/events",
          Collector.ADMIN,
          body(evilHost, event("system", "/", "disk_usage", "firing", "warning", HOSTILE)));

      ChromeDriver driver = browser(tmp.resolve("profile"));
      try {
        // The page re-renders as data arrives, so an element may go stale between finding and
        // reading it.
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(col.url("/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        By hostile = By.cssSelector("#alerts td.summary");
        wait.until(ExpectedConditions.visibilityOfElementLocated(hostile));
        assertThat(InventoryPageBrowserTest.text(driver, hostile)).isEqualTo(HOSTILE);
        assertThat(InventoryPageBrowserTest.text(driver, By.cssSelector("#alerts td.host")))
            .isEqualTo(evilHost);
        assertThat(driver.findElements(By.cssSelector("#alerts img, #alerts script, #hosts b")))
            .isEmpty();
        assertThat(driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
        // Cards re-render as data arrives: look them up afresh each time.
        By pi3 = By.cssSelector(".card[data-host='pi3']");
        wait.until(
            d ->
                d.findElement(pi3).getText().contains("49%")
                    && !d.findElement(pi3)
                        .findElements(By.cssSelector("svg.spark polyline"))
                        .isEmpty());
        assertThat(InventoryPageBrowserTest.text(driver, pi3)).contains("up").contains("71.5%");

        // A new event shows without reload, within 2 s.
        String summary = "replica lag 420 s " + UUID.randomUUID();
        col.post(
            "/api/v1/events",
            Collector.tokenOf("pi3"),
            body("pi3", event("mysql", "3306", "replication_lag", "firing", "critical", summary)));
        new WebDriverWait(driver, Duration.ofSeconds(2))
            .ignoring(StaleElementReferenceException.class)
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), summary));
        assertThat(InventoryPageBrowserTest.text(driver, By.id("feed"))).contains(summary);
        Files.write(Path.of("target/status-page.png"), driver.getScreenshotAs(OutputType.BYTES));

        // Ack: the page asks for the admin token once, then for how long (docs/notifier.md, "Ack
        // expiry"): 4h is offered first.
        InventoryPageBrowserTest.click(
            driver,
            By.xpath("//tr[td[contains(., '" + summary + "')]]//button[contains(@class, 'ack')]"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")))
            .sendKeys(Collector.ADMIN);
        driver.findElement(By.id("name-input")).sendKeys("zq");
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ack-duration")));
        assertThat(
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("ack-duration")))
                    .getFirstSelectedOption()
                    .getText())
            .isEqualTo("4h");
        driver.findElement(By.id("ack-comment")).sendKeys("deploying");
        driver.findElement(By.id("ack-save")).click();
        wait.until(
            d ->
                d.findElement(By.xpath("//tr[td[contains(., '" + summary + "')]]"))
                    .getText()
                    .contains("acked by zq until"));
        long id =
            Collector.json(col.get("/api/v1/alerts?host=pi3&state=acked", null))
                .get("alerts")
                .get(0)
                .get("id")
                .asLong();
        assertThat(id).isPositive();
        assertThat(
                Collector.json(col.get("/api/v1/alerts?host=pi3&state=acked", null))
                    .get("alerts")
                    .get(0)
                    .get("ack_expires_at")
                    .isTextual())
            .isTrue();

        // On a phone-sized screen the page still shows the alerts.
        driver.manage().window().setSize(new Dimension(390, 844));
        assertThat(InventoryPageBrowserTest.text(driver, By.id("alerts"))).contains(summary);
        Files.write(
            Path.of("target/status-page-phone.png"), driver.getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.quit();
      }
    }
  }

  @Test
  void showsMaintenanceWindowsActiveFirstWithTheirNextOccurrence() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "")) {
      String ends = java.time.Instant.now().plusSeconds(3600).toString();
      assertThat(
              col.post(
                      "/api/v1/maintenance",
                      Collector.ADMIN,
                      Map.of(
                          "name",
                          "reboot",
                          "match",
                          "host=db1",
                          "ends_at",
                          ends,
                          "comment",
                          HOSTILE))
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              col.post(
                      "/api/v1/maintenance",
                      Collector.ADMIN,
                      Map.of(
                          "name",
                          "backups",
                          "match",
                          "host=db*",
                          "every",
                          "1st 03:00-05:00",
                          "timezone",
                          "Asia/Shanghai"))
                  .statusCode())
          .isEqualTo(201);
      ChromeDriver driver = browser(tmp.resolve("profile"));
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(col.url("/"));
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#maintenance tbody tr")));
        List<String> rows =
            InventoryPageBrowserTest.texts(driver, By.cssSelector("#maintenance tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("reboot", "host=db1", "active until");
        assertThat(
                InventoryPageBrowserTest.text(
                    driver, By.cssSelector("#maintenance tbody tr:first-child td:nth-child(6)")))
            .isEqualTo(HOSTILE);
        assertThat(rows.get(1)).contains("backups", "1st 03:00-05:00 Asia/Shanghai", "19:00Z");
        assertThat(InventoryPageBrowserTest.text(driver, By.id("maintenance-count")))
            .isEqualTo("1 active");
        assertThat(driver.findElements(By.cssSelector("#maintenance img, #maintenance script")))
            .isEmpty();
      } finally {
        driver.quit();
      }
    }
  }
}
