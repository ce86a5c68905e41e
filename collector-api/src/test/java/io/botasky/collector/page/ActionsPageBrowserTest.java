package io.botasky.collector.page;

import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.ServiceEntry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Controlled actions on the status page in a real browser (docs/status-page.md, "Actions"): a
 * button per action on the host view's service rows and on the alert row of such a service, none on
 * a protected service; a confirmation naming host, service and action; Cancel sends nothing and
 * creates nothing; Confirm creates the action with the admin token, asked for once like Ack; the
 * agent's reports (simulated through the agent report endpoint with the agent token) show live. The
 * collector is real, on H2, seeded through the API.
 */
class ActionsPageBrowserTest {
  @TempDir Path tmp;

  private static ServiceEntry svc(
      String resource, String instance, List<String> actions, boolean p) {
    return new ServiceEntry(
        null, resource, instance, "", "ok", "", System.currentTimeMillis(), 60, actions, p);
  }

  @Test
  void confirmCancelRunAndTheOutcomeLive() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "")) {
      HttpResponse<String> hb =
          col.post(
              "/api/v1/heartbeat",
              Collector.ADMIN,
              new Heartbeat(
                  "pi3",
                  "0.1",
                  Map.of(),
                  "00000000000000a1",
                  List.of(
                      svc("redis", "6379", List.of("restart", "start"), false),
                      svc("process", "sshd", List.of("restart"), true),
                      svc("mysql", "3306", List.of(), false)),
                  null,
                  null,
                  null));
      assertThat(hb.statusCode()).as(hb.body()).isEqualTo(200);
      col.post(
          "/api/v1/events",
          Collector.ADMIN,
          body(
              "pi3",
              event("redis", "6379", "down", "firing", "critical", "redis does not answer")));

      ChromeDriver driver = StatusPageBrowserTest.browser(tmp.resolve("profile"));
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(col.url("/#/host/pi3"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        By redisRestart =
            By.cssSelector(
                "#host-services tr[data-service='redis:6379']"
                    + " button.run-action[data-action='restart']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(redisRestart));
        assertThat(
                InventoryPageBrowserTest.texts(
                    driver,
                    By.cssSelector(
                        "#host-services tr[data-service='redis:6379'] button.run-action")))
            .containsExactly("restart", "start");
        // A protected service offers nothing, a service without actions neither.
        assertThat(
                driver.findElements(
                    By.cssSelector("#host-services tr[data-service='process:sshd'] button")))
            .isEmpty();
        assertThat(
                InventoryPageBrowserTest.text(
                    driver, By.cssSelector("#host-services tr[data-service='process:sshd']")))
            .contains("protected");
        assertThat(
                driver.findElements(
                    By.cssSelector("#host-services tr[data-service='mysql:3306'] button")))
            .isEmpty();
        // The alert of redis:6379 has the buttons too.
        By alertRestart =
            By.xpath(
                "//table[@id='host-alerts']//tr[td[contains(., 'redis does not answer')]]"
                    + "//button[@data-action='restart']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(alertRestart));

        // Count the page's POSTs from here on.
        driver.executeScript(
            "window.__posts = []; const f = window.fetch; window.fetch = (u, o) => { if (o &&"
                + " o.method === 'POST') window.__posts.push(u); return f(u, o); };");

        // No token yet: asked for once, like Ack; then the confirmation.
        InventoryPageBrowserTest.click(driver, redisRestart);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")))
            .sendKeys(Collector.ADMIN);
        driver.findElement(By.id("name-input")).sendKeys("zq");
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-dialog")));
        assertThat(driver.findElement(By.id("action-host")).getText()).isEqualTo("pi3");
        assertThat(driver.findElement(By.id("action-service")).getText()).isEqualTo("redis:6379");
        assertThat(driver.findElement(By.id("action-name")).getText()).isEqualTo("restart");
        Files.createDirectories(Path.of("target/screenshots"));
        Files.write(
            Path.of("target/screenshots/actions-confirm.png"),
            driver.getScreenshotAs(OutputType.BYTES));

        // Cancel: nothing sent, nothing created.
        driver.findElement(By.id("action-cancel")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("action-dialog")));
        assertThat(driver.executeScript("return window.__posts.length")).isEqualTo(0L);
        assertThat(actions(col)).isEmpty();

        // Confirm from the alert row: one action, by zq, with the comment.
        wait.until(ExpectedConditions.elementToBeClickable(alertRestart)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-dialog")));
        assertThat(driver.findElement(By.id("action-service")).getText()).isEqualTo("redis:6379");
        driver.findElement(By.id("action-comment")).sendKeys("stuck again");
        driver.findElement(By.id("action-confirm")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("action-outcome"), "pending"));
        assertThat(driver.executeScript("return window.__posts.length")).isEqualTo(1L);
        List<JsonNode> made = actions(col);
        assertThat(made).hasSize(1);
        JsonNode a = made.get(0);
        assertThat(a.get("host").asText()).isEqualTo("pi3");
        assertThat(a.get("resource").asText()).isEqualTo("redis");
        assertThat(a.get("instance").asText()).isEqualTo("6379");
        assertThat(a.get("action").asText()).isEqualTo("restart");
        assertThat(a.get("by").asText()).isEqualTo("zq");
        assertThat(a.get("comment").asText()).isEqualTo("stuck again");
        long id = a.get("id").asLong();

        // The agent's reports, through its own endpoint and token: the page follows live.
        report(col, id, "running", null);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("action-outcome"), "running"));
        report(col, id, "succeeded", 0);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-outcome"),
                "restart on pi3 redis:6379: pending → running → succeeded (exit 0)"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#host-services tr[data-service='redis:6379'] .action-state"),
                "restart: succeeded (exit 0)"));
        assertThat(driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
        Files.write(
            Path.of("target/screenshots/actions-outcome.png"),
            driver.getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.quit();
      }
    }
  }

  private static List<JsonNode> actions(Collector col) throws Exception {
    JsonNode n = Collector.json(col.get("/api/v1/actions?host=pi3", Collector.ADMIN));
    List<JsonNode> out = new java.util.ArrayList<>();
    n.get("actions").forEach(out::add);
    return out;
  }

  private static void report(Collector col, long id, String state, Integer exit) throws Exception {
    Map<String, Object> r = new HashMap<>();
    r.put("id", id);
    r.put("uuid", UUID.nameUUIDFromBytes(("page-test-" + id).getBytes(UTF_8)).toString());
    r.put("resource", "redis");
    r.put("instance", "6379");
    r.put("action", "restart");
    r.put("by", "zq");
    r.put("state", state);
    if (exit != null) {
      r.put("exit_code", exit);
      r.put("output", "restarted <b>redis</b>");
    }
    r.put("at", System.currentTimeMillis());
    HttpResponse<String> res =
        col.post(
            "/api/v1/agent/actions/report",
            Collector.tokenOf("pi3"),
            Map.of("host", "pi3", "reports", List.of(r)));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
  }
}
