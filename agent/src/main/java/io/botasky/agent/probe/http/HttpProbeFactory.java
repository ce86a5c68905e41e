package io.botasky.agent.probe.http;

import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.net.TimeLimits;
import io.botasky.common.config.Section;
import io.botasky.common.text.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Makes the probe of an {@code [http:NAME]} section; validates, never connects. */
public final class HttpProbeFactory extends OpenCheckFactory {
  private static final URI FALLBACK = URI.create("http://127.0.0.1/");

  private final LongSupplier nanos;
  private final Trust trust;

  /** Production: the system's CAs, {@code System::nanoTime}. */
  public HttpProbeFactory() {
    this(System::nanoTime, null);
  }

  /**
   * @param trustAnchors the CAs to trust (tests: their own), or null for the JDK's default
   */
  public HttpProbeFactory(LongSupplier nanos, KeyStore trustAnchors) {
    this.nanos = nanos;
    this.trust = new Trust(trustAnchors);
  }

  @Override
  public String sectionType() {
    return "http";
  }

  @Override
  protected Probe create(Section section, ProbeEnv env, OpenCheck common) {
    URI url = url(section);
    String method = section.string("method", "GET").strip().toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      section.error("method", "expected GET or HEAD, got \"" + line(method) + "\"");
      method = "GET";
    }
    StatusRanges status = StatusRanges.parse("200-399");
    String st = section.string("expect_status", "200-399");
    try {
      status = StatusRanges.parse(st);
    } catch (IllegalArgumentException e) {
      section.error("expect_status", e.getMessage());
    }
    Pattern body = regex(section, "expect_body");
    if (body != null && method.equals("HEAD")) {
      section.error("expect_body", "a HEAD answer has no body: use method = GET");
    }
    TimeLimits slow =
        TimeLimits.read(section, "slow", Duration.ofSeconds(1), Duration.ofSeconds(5), true);
    TimeLimits cert =
        TimeLimits.read(section, "cert", Duration.ofDays(14), Duration.ofDays(3), false);
    boolean verify = section.bool("tls_verify", true);
    boolean follow = section.bool("follow_redirects", false);
    HttpSettings s =
        new HttpSettings(
            url, method, status, body, slow, cert, verify, follow ? HttpSettings.MAX_REDIRECTS : 0);
    String inst = section.instance() == null ? "" : section.instance();
    return new HttpProbe(section.name(), inst, s, common.timeout(), env.clock(), nanos, trust);
  }

  private static URI url(Section section) {
    String v = section.required("url");
    if (v == null) {
      return FALLBACK;
    }
    try {
      URI u = new URI(v.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        section.error("url", "expected an http:// or https:// URL, got \"" + line(v) + "\"");
        return FALLBACK;
      }
      if (u.getHost() == null) {
        section.error("url", "no host name in \"" + line(v) + "\"");
        return FALLBACK;
      }
      if (u.getRawUserInfo() != null) {
        section.error("url", "user:password in the URL is not supported");
        return FALLBACK;
      }
      if (u.getPort() == 0 || u.getPort() > 65535) {
        section.error("url", "port " + u.getPort() + " is out of range (1-65535)");
        return FALLBACK;
      }
      // The scheme in lower case, the fragment dropped: neither is sent.
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
      return new URI(scheme + "://" + u.getRawAuthority() + path + query);
    } catch (URISyntaxException e) {
      section.error("url", "not a valid URL: " + line(e.getMessage()));
      return FALLBACK;
    }
  }

  /** A regex key compiled with MULTILINE ({@code ^ $} at line ends), or null when empty. */
  public static Pattern regex(Section section, String key) {
    String v = section.string(key, "");
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(v, Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      section.error(
          key, "not a valid regex: " + line(e.getDescription() + " near index " + e.getIndex()));
      return null;
    }
  }

  private static String line(String s) {
    return SafeText.line(s, 200);
  }
}
