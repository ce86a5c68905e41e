package io.botasky.collector.page;

import static io.botasky.collector.testkit.Events.body;
import static io.botasky.collector.testkit.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.ServiceEntry;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page's console views (docs/status-page.md) in a real browser, against a real collector
 * seeded through its API with heartbeats carrying services: the tree and its counts, a node click
 * filtering the services and alerts, deep links to a host and a group, the live log view, live
 * service changes, and hostile names shown as text. Screenshots go to target/screenshots/.
 */
class InventoryPageBrowserTest {
  static final String EVIL_HOST = "<b>evil</b>-host";
  static final String EVIL_GROUP = "evil/<img src=x onerror=\"window.pwned=3\">";
  static final String EVIL_INSTANCE = "<script>window.pwned=4</script>";
  static final String EVIL_LINE = "<img src=x onerror=\"window.pwned=5\"> GET /<script>";
  static final By TREE = By.id("tree");

  @TempDir Path tmp;

  static ServiceEntry svc(
      String resource, String instance, String group, String state, String summary) {
    return new ServiceEntry(
        null,
        resource,
        instance,
        group,
        state,
        summary,
        System.currentTimeMillis(),
        60,
        resource.equals("process") ? List.of("restart") : List.of(),
        false);
  }

  /** Posts a full-form heartbeat; the hash only has to be well-formed and new each time. */
  static void beat(Collector col, String host, String token, List<ServiceEntry> services)
      throws Exception {
    String hash = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    HttpResponse<String> r =
        col.post(
            "/api/v1/heartbeat",
            token,
            new Heartbeat(host, "0.1.0", Map.of(), hash, services, null, null, null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static void log(Collector col, String host, String source, String level, String... lines)
      throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String l : lines) {
      out.add(Map.of("source", source, "level", level, "ts", now++, "line", l));
    }
    HttpResponse<String> r =
        col.post(
            "/api/v1/logs",
            Collector.tokenOf(host),
            Map.of("host", host, "batch_id", UUID.randomUUID().toString(), "lines", out));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static void shot(WebDriver d, String name) throws Exception {
    Path dir = Path.of("target/screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), ((ChromeDriver) d).getScreenshotAs(OutputType.BYTES));
  }

  /** The tree row of the group at {@code path} ("" for the root). */
  static By node(String path) {
    return By.cssSelector("li.node[data-path='" + path + "'] > .row");
  }

  /**
   * Clicks what {@code by} finds, finding it again when a redraw replaced it between the find and
   * the click (live events redraw the views at any time).
   */
  static void click(WebDriver d, By by) {
    waitFor(
        d,
        Duration.ofSeconds(10),
        x -> {
          try {
            x.findElement(by).click();
            return true;
          } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return false;
          }
        });
  }

  static <T> T waitFor(WebDriver d, Duration atMost, Function<WebDriver, T> what) {
    return new WebDriverWait(d, atMost).ignoring(StaleElementReferenceException.class).until(what);
  }

  /**
   * The text of what {@code by} finds, found again when a live redraw replaced the element between
   * the find and the read (a CI run failed on exactly that).
   */
  static String text(WebDriver d, By by) {
    return waitFor(d, Duration.ofSeconds(10), x -> x.findElement(by).getText());
  }

  /**
   * The texts of all that {@code by} finds, read again as a whole when a live redraw intervened.
   */
  static List<String> texts(WebDriver d, By by) {
    return waitFor(
        d,
        Duration.ofSeconds(10),
        x -> x.findElements(by).stream().map(WebElement::getText).toList());
  }

  static void assertNothingInjected(ChromeDriver d) {
    assertThat(d.executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(
            d.findElements(
                By.cssSelector(
                    "main img, main script, #tree b, #node-services b, #host-services b, #logs b,"
                        + " #hosts b, #host-card b, #summary img, #summary script")))
        .isEmpty();
  }

  @Test
  void treeHostAndLogViewsShowTheInventoryLiveAndAsText() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "hosts = pi3\n")) {
      String pi3 = Collector.tokenOf("pi3");
      String pi4 = Collector.tokenOf("pi4");
      beat(
          col,
          "pi3",
          pi3,
          List.of(
              svc("system", "", "dev/cache", "ok", ""),
              svc("redis", "6379", "dev/cache", "critical", "redis down"),
              svc("mysql", "3306", "dev/db", "warning", "replica lag 40 s"),
              svc("process", "sshd", "", "ok", "")));
      beat(
          col,
          "pi4",
          pi4,
          List.of(svc("system", "", "prod", "ok", ""), svc("http", "site", "prod/web", "ok", "")));
      beat(
          col,
          EVIL_HOST,
          Collector.ADMIN,
          List.of(svc("command", EVIL_INSTANCE, EVIL_GROUP, "warning", EVIL_LINE)));
      col.post(
          "/api/v1/events",
          pi3,
          body("pi3", event("redis", "6379", "redis_down", "firing", "critical", "redis down")));
      col.post(
          "/api/v1/events",
          pi3,
          body(
              "pi3",
              event("mysql", "3306", "replication_lag", "firing", "warning", "replica lag 40 s")));
      col.post(
          "/api/v1/events",
          pi4,
          body("pi4", event("system", "/", "disk_usage", "firing", "warning", "disk 91%")));
      log(col, "pi3", "nginx", "info", "GET / 200", EVIL_LINE);
      List<ServiceEntry> big = new ArrayList<>();
      for (int i = 0; i < ServiceEntry.MAX_SERVICES; i++) {
        big.add(svc("command", "c" + i, "big", "ok", ""));
      }
      beat(col, "big", Collector.ADMIN, big);

      ChromeDriver d = StatusPageBrowserTest.browser(tmp.resolve("profile"));
      try {
        Duration ten = Duration.ofSeconds(10);
        // The tree: each node counts every service below it.
        d.get(col.url("/#/tree"));
        waitFor(d, ten, ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        waitFor(d, ten, ExpectedConditions.visibilityOfElementLocated(node("")));
        // pi4's [system] owns its disk_usage alert on "/", so it counts as a warning.
        assertThat(text(d, node(""))).contains("1 critical").contains("3 warning").contains("3 ok");
        assertThat(text(d, By.id("tree-count"))).contains("507 services");
        // Only opened nodes are drawn.
        assertThat(d.findElements(node("dev/cache"))).isEmpty();
        click(d, By.cssSelector("li.node[data-path='dev'] .toggle"));
        waitFor(d, ten, ExpectedConditions.visibilityOfElementLocated(node("dev/cache")));
        assertThat(text(d, node("dev"))).contains("1 critical").contains("1 warning");
        assertThat(text(d, node("dev/cache"))).contains("1 critical").contains("1 ok");
        assertThat(d.findElement(By.cssSelector("li.node[data-path='dev']")).getAttribute("class"))
            .contains("worst-critical");
        shot(d, "tree");

        // A click on a node shows its services and only its alerts.
        click(d, By.cssSelector("li.node[data-path='dev/cache'] > .row a.name"));
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("node-title"), "dev/cache"));
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 2);
        assertThat(text(d, By.id("node-services"))).contains("redis:6379").contains("system");
        assertThat(text(d, By.id("node-alerts")))
            .contains("redis down")
            .doesNotContain("replica lag")
            .doesNotContain("disk 91%");
        assertThat(d.getCurrentUrl()).endsWith("#/tree/dev/cache");

        // The filter box narrows the tree and the services.
        d.get(col.url("/#/tree"));
        WebElement filter =
            waitFor(d, ten, ExpectedConditions.visibilityOfElementLocated(By.id("tree-filter")));
        filter.sendKeys("site");
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 1);
        assertThat(text(d, By.id("node-services"))).contains("pi4").contains("http:site");
        assertThat(d.findElements(node("dev"))).isEmpty();

        // Deep links, on load: a host; then by hash change: a group.
        d.get("about:blank");
        d.get(col.url("/#/host/pi3"));
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("host-name"), "pi3"));
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#host-services tbody tr")).size() == 4);
        assertThat(text(d, By.id("host-services")))
            .contains("redis:6379")
            .contains("critical")
            .contains("process:sshd")
            .contains("restart");
        // One button per action (ActionsPageBrowserTest runs them): only process:sshd offers one.
        assertThat(texts(d, By.cssSelector("#host-services button"))).containsExactly("restart");
        assertThat(
                d.findElements(
                    By.cssSelector("#host-services tr[data-service='process:sshd'] button")))
            .hasSize(1);
        waitFor(
            d,
            ten,
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("host-alerts"), "replica lag"));
        assertThat(text(d, By.id("host-alerts"))).doesNotContain("disk 91%");
        waitFor(
            d,
            ten,
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#host-card .card")));
        shot(d, "host");

        // Tables stop at 200 rows; "Show more" adds the next ones.
        d.executeScript("location.hash = '#/tree/big'");
        waitFor(
            d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 200);
        assertThat(text(d, By.id("node-count"))).contains("500").contains("first 200 shown");
        click(d, By.id("node-more"));
        waitFor(
            d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 400);
        click(d, By.id("node-more"));
        waitFor(
            d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 500);
        assertThat(d.findElement(By.id("node-more")).isDisplayed()).isFalse();

        // A burst of changes, more than single events may carry, still ends counted right: the
        // collector sends one `resync` and the page loads the list again.
        List<ServiceEntry> burst = new ArrayList<>();
        for (int i = 0; i < ServiceEntry.MAX_SERVICES; i++) {
          burst.add(svc("command", "c" + i, "big", "critical", "burst " + i));
        }
        beat(col, "big", Collector.ADMIN, burst);
        waitFor(d, Duration.ofSeconds(15), x -> text(x, node("big")).contains("500 critical"));
        assertThat(text(d, node("big"))).doesNotContain("ok");
        d.executeScript("location.hash = '#/tree/dev/cache'");
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("node-title"), "dev/cache"));
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 2);

        // A service change arrives live: counts and rows change without a reload.
        d.executeScript("window.sameDocument = true");
        beat(
            col,
            "pi3",
            pi3,
            List.of(
                svc("system", "", "dev/cache", "warning", "load 12"),
                svc("redis", "6379", "dev/cache", "critical", "redis down"),
                svc("mysql", "3306", "dev/db", "warning", "replica lag 40 s"),
                svc("process", "sshd", "", "ok", "")));
        waitFor(
            d,
            Duration.ofSeconds(5),
            ExpectedConditions.textToBePresentInElementLocated(By.id("node-services"), "load 12"));
        assertThat(text(d, node("dev/cache"))).contains("1 warning").doesNotContain("ok");
        assertThat(d.executeScript("return window.sameDocument")).isEqualTo(true);

        // A service removed from the agent's configuration leaves the host view when it opens.
        beat(
            col,
            "pi3",
            pi3,
            List.of(
                svc("system", "", "dev/cache", "warning", "load 12"),
                svc("redis", "6379", "dev/cache", "critical", "redis down"),
                svc("mysql", "3306", "dev/db", "warning", "replica lag 40 s")));
        d.executeScript("location.hash = '#/host/pi3'");
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#host-services tbody tr")).size() == 3);
        assertThat(text(d, By.id("host-services"))).doesNotContain("sshd");
        assertThat(d.executeScript("return window.sameDocument")).isEqualTo(true);

        // Hostile names and lines stay text.
        d.get(col.url("/#/tree/evil"));
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#node-services tbody tr")).size() == 1);
        assertThat(text(d, By.cssSelector("#node-services td.host"))).isEqualTo(EVIL_HOST);
        assertThat(text(d, By.cssSelector("#node-services td.service")))
            .isEqualTo("command:" + EVIL_INSTANCE);
        assertThat(text(d, By.cssSelector("#node-services td.summary"))).isEqualTo(EVIL_LINE);
        click(d, By.cssSelector("li.node[data-path='evil'] .toggle"));
        waitFor(
            d,
            ten,
            ExpectedConditions.textToBePresentInElementLocated(
                TREE, "<img src=x onerror=\"window.pwned=3\">"));
        assertNothingInjected(d);
        d.get(col.url("/#/host/" + URLEncoder.encode(EVIL_HOST, StandardCharsets.UTF_8)));
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("host-name"), EVIL_HOST));
        waitFor(d, ten, x -> x.findElements(By.cssSelector("#host-services tbody tr")).size() == 1);
        assertNothingInjected(d);

        // The live log view: filters in the hash, a new line on top within 2 s, hostile text.
        d.get(col.url("/#/logs?host=pi3&source=nginx"));
        waitFor(
            d, ten, ExpectedConditions.textToBePresentInElementLocated(By.id("logs"), "GET / 200"));
        assertThat(d.findElement(By.id("log-host")).getAttribute("value")).isEqualTo("pi3");
        assertThat(text(d, By.cssSelector("#logs li .text"))).isEqualTo(EVIL_LINE);
        String fresh = "upstream timed out " + UUID.randomUUID();
        log(col, "pi3", "nginx", "error", fresh);
        log(col, "pi3", "other", "error", "not for this filter");
        waitFor(
            d,
            Duration.ofSeconds(2),
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#logs li:first-child"), fresh));
        assertThat(text(d, By.id("logs"))).doesNotContain("not for this filter");
        assertNothingInjected(d);
        shot(d, "logs");

        // Scrolled away from the top, new lines wait: "paused — N new", shown on a click.
        String[] many = new String[80];
        for (int i = 0; i < many.length; i++) {
          many[i] = "filler " + i;
        }
        log(col, "pi3", "nginx", "info", many);
        waitFor(
            d,
            Duration.ofSeconds(2),
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#logs li:first-child"), "filler 79"));
        d.executeScript("document.getElementById('logs').scrollTop = 400");
        String later = "after the scroll " + UUID.randomUUID();
        log(col, "pi3", "nginx", "warning", later);
        waitFor(
            d,
            Duration.ofSeconds(2),
            ExpectedConditions.textToBe(By.id("log-paused"), "paused — 1 new"));
        assertThat(text(d, By.id("logs"))).doesNotContain(later);
        click(d, By.id("log-paused"));
        waitFor(
            d,
            Duration.ofSeconds(2),
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#logs li:first-child"), later));
        assertThat(d.findElement(By.id("log-paused")).isDisplayed()).isFalse();

        // The overview still works, its hosts link to the host view.
        d.get(col.url("/#/"));
        waitFor(
            d,
            ten,
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".card[data-host='pi4'] h3 a")));
        shot(d, "overview");
        click(d, By.cssSelector(".card[data-host='pi4'] h3 a"));
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("host-name"), "pi4"));
        assertNothingInjected(d);

        // On a phone-sized screen the tree and its table stack.
        d.manage().window().setSize(new Dimension(390, 844));
        d.executeScript("location.hash = '#/tree/dev'");
        waitFor(d, ten, ExpectedConditions.textToBe(By.id("node-title"), "dev"));
        shot(d, "tree-phone");
      } finally {
        d.quit();
      }
    }
  }
}
