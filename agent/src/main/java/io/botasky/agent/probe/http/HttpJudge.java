package io.botasky.agent.probe.http;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of an {@code [http:NAME]} round, a pure function of what was fetched, whether the body
 * matched and the time now (docs/probes/http.md). Returns only the checks the round could judge:
 * with no answer, {@code bad_status}, {@code content_mismatch} and {@code slow} are not judged (the
 * probe carries their last failing state); with a status outside {@code expect_status} the body is
 * not judged either (an error page never matches, and one alert says enough).
 */
public final class HttpJudge {
  static final String R = "http";
  private static final int MAX_SUMMARY = 400;

  private HttpJudge() {}

  /**
   * @param bodyMatches null when the body is not checked (no {@code expect_body}, or the status was
   *     already wrong)
   */
  public static List<CheckOutcome> judge(
      String instance, HttpSettings s, Fetch f, Boolean bodyMatches, Instant now) {
    List<CheckOutcome> out = new ArrayList<>();
    String what = s.method() + " " + f.uri();
    if (!f.answered()) {
      out.add(
          fail(
              instance,
              "unreachable",
              Severity.CRITICAL,
              null,
              null,
              what + ": " + f.failure().getMessage()));
    } else {
      String hops = f.redirects() > 0 ? " after " + f.redirects() + " redirect(s)" : "";
      out.add(
          CheckOutcome.ok(
              R, instance, "unreachable", null, line(what + " answered " + f.status() + hops)));
      boolean statusOk = s.expectStatus().contains(f.status());
      out.add(
          statusOk
              ? CheckOutcome.ok(
                  R,
                  instance,
                  "bad_status",
                  (double) f.status(),
                  line("status " + f.status() + " is in " + s.expectStatus()))
              : fail(
                  instance,
                  "bad_status",
                  Severity.CRITICAL,
                  (double) f.status(),
                  null,
                  what + " answered " + f.status() + hops + ", expected " + s.expectStatus()));
      if (bodyMatches != null) {
        String re = s.expectBody().pattern();
        out.add(
            bodyMatches
                ? CheckOutcome.ok(
                    R, instance, "content_mismatch", null, line("the body matches /" + re + "/"))
                : fail(
                    instance,
                    "content_mismatch",
                    Severity.CRITICAL,
                    null,
                    null,
                    "the body of " + what + " (first 64 KiB) does not match /" + re + "/"));
      }
      Duration took = Duration.ofNanos((long) (f.elapsedMillis() * 1e6));
      Severity slow = s.slow().severityOf(took);
      double ms = Math.round(f.elapsedMillis() * 10) / 10.0;
      out.add(
          slow == null
              ? CheckOutcome.ok(R, instance, "slow", ms, line(what + " took " + ms + " ms"))
              : fail(
                  instance,
                  "slow",
                  slow,
                  ms,
                  (double) s.slow().limit(slow).toMillis(),
                  what
                      + " took "
                      + ms
                      + " ms, "
                      + slow.wire()
                      + " at "
                      + s.slow().limit(slow).toMillis()
                      + " ms"));
    }
    if (f.leaf() != null) {
      out.add(cert(instance, s, f.leaf(), now));
    }
    return out;
  }

  /** Days left before {@code leaf} expires, negative once it has. */
  public static double daysLeft(X509Certificate leaf, Instant now) {
    double d = Duration.between(now, leaf.getNotAfter().toInstant()).toMillis() / 86_400_000.0;
    return Math.round(d * 100) / 100.0;
  }

  private static CheckOutcome cert(
      String instance, HttpSettings s, X509Certificate leaf, Instant now) {
    Instant notAfter = leaf.getNotAfter().toInstant();
    Duration left = Duration.between(now, notAfter);
    double days = daysLeft(leaf, now);
    String subject = leaf.getSubjectX500Principal().getName();
    String when = notAfter.truncatedTo(ChronoUnit.SECONDS).toString();
    String text =
        left.isNegative()
            ? "the certificate " + subject + " expired " + when + " (" + (-days) + " days ago)"
            : "the certificate "
                + subject
                + " expires "
                + when
                + ", in "
                + String.format(Locale.ROOT, "%.1f", days)
                + " days";
    Severity sev = s.cert().severityOf(left);
    if (sev == null) {
      return CheckOutcome.ok(R, instance, "cert_expiry", days, line(text));
    }
    double limit = s.cert().limit(sev).toMillis() / 86_400_000.0;
    return fail(
        instance,
        "cert_expiry",
        sev,
        days,
        limit,
        text + " (" + sev.wire() + " below " + limit + " days)");
  }

  private static CheckOutcome fail(
      String instance, String check, Severity sev, Double value, Double threshold, String summary) {
    return CheckOutcome.failing(R, instance, check, sev, value, threshold, line(summary));
  }

  private static String line(String s) {
    return SafeText.line(s, MAX_SUMMARY);
  }
}
