package io.botasky.notifier.policy;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.DidYouMean;
import io.botasky.common.config.Durations;
import io.botasky.common.config.Entry;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.log.Secrets;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the escalation file (docs/config-reference.md) into an {@link Escalation}. Every problem
 * goes to the {@link ConfigReport} with file, line, section and key, so one run shows them all.
 */
public final class EscalationFile {
  /** Channels a step may name. */
  public static final List<String> CHANNELS = List.of("log", "mail", "webhook", "action");

  /** An action's name, as the agent's {@code action_NAME} keys spell it (docs/agent.md). */
  public static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public static final List<String> WEBHOOK_FORMATS = List.of("json", "slack", "dingtalk", "wecom");

  private static final Pattern STEP_KEY = Pattern.compile("step(\\d{1,3})");

  private EscalationFile() {}

  /** Parses the sections of {@code ini}; problems are recorded in {@code ini.report()}. */
  public static Escalation parse(IniFile ini) {
    return parse(ini, ZoneId.systemDefault());
  }

  /**
   * Parses the sections of {@code ini}; problems are recorded in {@code ini.report()}.
   *
   * @param zone the time zone of a maintenance window without {@code timezone}: the daemon's
   */
  public static Escalation parse(IniFile ini, ZoneId zone) {
    ConfigReport report = ini.report();
    ini.requireTypes(
        List.of("contacts", "policy", "notifier", "maintenance", "flapping", "dependency"));
    Map<String, Contact> contacts = new LinkedHashMap<>();
    for (Section s : ini.sections()) {
      if (s.type().equals("contacts")) {
        Contact c = contact(s);
        if (c != null) {
          contacts.put(c.name(), c);
        }
      }
    }
    List<Policy> policies = new ArrayList<>();
    Policy defaultPolicy = null;
    FlapRule flapDefault = FlapRule.defaults();
    for (Section s : ini.sections()) {
      if (s.type().equals("flapping")) {
        flapDefault = FlapRules.section(s);
      }
    }
    for (Section s : ini.sections()) {
      if (s.type().equals("policy")) {
        Policy p = policy(s, contacts, flapDefault);
        if (p != null && p.name().equals("default")) {
          defaultPolicy = p;
        } else if (p != null) {
          policies.add(p);
        }
      }
    }
    Tuning tuning = tuning(ini.sectionOrEmpty("notifier"));
    List<Dependency> dependencies = DependencySection.parseAll(ini);
    if (policies.isEmpty() && defaultPolicy == null && !report.hasErrors()) {
      report.error(
          new io.botasky.common.config.Source(ini.file(), 0),
          null,
          null,
          "no [policy …] section: nobody would be notified");
    }
    List<MaintenanceWindow> maintenance = MaintenanceSections.parse(ini, zone);
    return new Escalation(contacts, policies, defaultPolicy, tuning, maintenance, dependencies);
  }

  private static Contact contact(Section s) {
    if (s.instance() == null) {
      s.error(null, "a contacts section needs a name: [contacts NAME]");
      return null;
    }
    List<String> mail = new ArrayList<>();
    for (String address : s.list("mail")) {
      String problem = mailProblem(address);
      if (problem != null) {
        s.error("mail", problem);
      } else {
        mail.add(address);
      }
    }
    String webhook = s.string("webhook", null);
    if (webhook != null) {
      try {
        URI u = URI.create(webhook);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
            || u.getHost() == null) {
          s.error(
              "webhook",
              "expected an http:// or https:// URL, got \"" + Secrets.mask(webhook) + "\"");
        }
      } catch (IllegalArgumentException e) {
        s.error(
            "webhook",
            "expected an http:// or https:// URL, got \"" + Secrets.mask(webhook) + "\"");
      }
    }
    String format = s.oneOf("webhook_format", "json", WEBHOOK_FORMATS.toArray(String[]::new));
    if (mail.isEmpty() && webhook == null && !s.has("mail")) {
      s.error(null, "contact \"" + s.instance() + "\" has neither mail nor webhook");
    }
    s.finish();
    return new Contact(s.instance(), mail, webhook, format);
  }

  /** Null when {@code address} is a plain deliverable address, else why not. */
  public static String mailProblem(String address) {
    try {
      InternetAddress a = new InternetAddress(address, true);
      if (a.getAddress().indexOf('@') < 1 || a.getPersonal() != null) {
        return "invalid mail address \"" + address + "\" (expected user@domain)";
      }
      return null;
    } catch (AddressException e) {
      return "invalid mail address \"" + address + "\" (expected user@domain)";
    }
  }

  private static Policy policy(Section s, Map<String, Contact> contacts, FlapRule flapDefault) {
    String name = s.instance();
    if (name == null) {
      s.error(null, "a policy section needs a name: [policy NAME]");
      return null;
    }
    List<Condition> match = new ArrayList<>();
    if (s.has("match")) {
      for (String term : s.list("match")) {
        try {
          match.add(Condition.parse(term));
        } catch (IllegalArgumentException e) {
          s.error("match", e.getMessage());
        }
      }
      if (match.isEmpty() && s.entry("match").isPresent()) {
        s.error("match", "is empty; leave it out only in [policy default]");
      }
    } else if (!name.equals("default")) {
      s.error(null, "match: is required (only [policy default] matches everything)");
    }
    List<Step> steps = new ArrayList<>();
    for (Entry e : s.entries()) {
      Matcher m = STEP_KEY.matcher(e.key());
      if (m.matches()) {
        s.has(e.key());
        Step step = step(s, e, Integer.parseInt(m.group(1)), contacts);
        if (step != null) {
          steps.add(step);
        }
      }
    }
    steps.sort((a, b) -> Integer.compare(a.number(), b.number()));
    if (steps.isEmpty()
        && s.entries().stream().noneMatch(e -> STEP_KEY.matcher(e.key()).matches())) {
      s.error(null, "a policy needs at least one step: stepN = DELAY CHANNEL [CONTACTS]");
    }
    Duration repeat = s.duration("repeat", null);
    if (repeat != null && repeat.isZero()) {
      s.error("repeat", "must be longer than 0s; leave it out to never repeat");
      repeat = null;
    }
    Recipients resolved = null;
    if (s.has("resolved")) {
      resolved = recipients(s, s.entry("resolved").orElseThrow(), contacts);
    }
    Duration groupWait = s.duration("group_wait", Duration.ofSeconds(2));
    FlapRule flapping = FlapRules.keys(s, flapDefault);
    s.finish();
    return new Policy(name, match, steps, repeat, resolved, groupWait, flapping);
  }

  private static Step step(Section s, Entry e, int number, Map<String, Contact> contacts) {
    String[] words = e.value().strip().split("\\s+", 2);
    if (words[0].isEmpty()) {
      s.error(e.key(), "expected DELAY CHANNEL [CONTACTS], e.g. \"15m mail leads\"");
      return null;
    }
    Duration delay;
    try {
      delay = Durations.parse(words[0]);
    } catch (IllegalArgumentException ex) {
      s.error(e.key(), ex.getMessage());
      return null;
    }
    if (words.length < 2) {
      s.error(
          e.key(),
          "step without a channel: expected DELAY CHANNEL [CONTACTS], e.g. \""
              + words[0]
              + " mail oncall\"");
      return null;
    }
    Recipients r = recipients(s, new Entry(e.key(), words[1], e.source()), contacts);
    return r == null ? null : new Step(number, delay, r.channel(), r.contacts());
  }

  /** {@code CHANNEL [CONTACTS]}; contacts separated by commas or spaces. */
  private static Recipients recipients(Section s, Entry e, Map<String, Contact> contacts) {
    String[] words = e.value().strip().split("[\\s,]+");
    String channel = words[0].toLowerCase(Locale.ROOT);
    if (!CHANNELS.contains(channel)) {
      String hint =
          DidYouMean.suggest(channel, CHANNELS)
              .map(c -> " (did you mean \"" + c + "\"?)")
              .orElse("");
      s.error(
          e.key(),
          "unknown channel \""
              + words[0]
              + "\""
              + hint
              + "; expected one of "
              + String.join(", ", CHANNELS));
      return null;
    }
    if (channel.equals("action")) {
      return action(s, e, words);
    }
    List<String> names = new ArrayList<>();
    boolean ok = true;
    for (int i = 1; i < words.length; i++) {
      String n = words[i];
      Contact c = contacts.get(n);
      if (c == null) {
        String hint =
            DidYouMean.suggest(n, contacts.keySet())
                .map(x -> " (did you mean \"" + x + "\"?)")
                .orElse("");
        s.error(
            e.key(), "unknown contact \"" + n + "\"" + hint + ": no [contacts " + n + "] section");
        ok = false;
      } else if (channel.equals("mail") && c.mail().isEmpty()) {
        s.error(e.key(), "contact \"" + n + "\" has no mail address");
        ok = false;
      } else if (channel.equals("webhook") && c.webhook() == null) {
        s.error(e.key(), "contact \"" + n + "\" has no webhook");
        ok = false;
      }
      names.add(n);
    }
    if (channel.equals("log") && !names.isEmpty()) {
      s.error(e.key(), "the log channel writes alert_log and takes no contacts");
      return null;
    }
    if (!channel.equals("log") && words.length < 2) {
      s.error(
          e.key(), "the " + channel + " channel needs contacts, e.g. \"" + channel + " oncall\"");
      return null;
    }
    return ok ? new Recipients(channel, names) : null;
  }

  /**
   * {@code action NAME}: the step asks the collector to run the agent's {@code action_NAME} on the
   * alert's own service (docs/notifier.md). The name is the only "contact".
   */
  private static Recipients action(Section s, Entry e, String[] words) {
    if (!STEP_KEY.matcher(e.key()).matches()) {
      s.error(e.key(), "an action is a step only; a recovery notice goes to people");
      return null;
    }
    if (words.length != 2) {
      s.error(e.key(), "the action channel takes one action name, e.g. \"action restart\"");
      return null;
    }
    if (!ACTION_NAME.matcher(words[1]).matches()) {
      s.error(
          e.key(),
          "invalid action name \""
              + words[1]
              + "\": expected lowercase letters, digits and _ starting with a letter, as in"
              + " action_NAME");
      return null;
    }
    return new Recipients("action", List.of(words[1]));
  }

  private static Tuning tuning(Section s) {
    Tuning d = Tuning.defaults();
    Tuning t =
        new Tuning(
            s.duration("retry_for", d.retryFor()),
            s.intIn("fallback_after", d.fallbackAfter(), 1, 1000),
            s.duration("claim_lease", d.claimLease()),
            s.duration("smtp_timeout", d.smtpTimeout()),
            s.duration("webhook_timeout", d.webhookTimeout()));
    if (t.claimLease().compareTo(Duration.ofSeconds(1)) < 0) {
      s.error("claim_lease", "must be at least 1s");
    }
    if (t.smtpTimeout().isZero()) {
      s.error(
          "smtp_timeout", "must be longer than 0s: a frozen SMTP server would hang the notifier");
    }
    if (t.webhookTimeout().isZero()) {
      s.error("webhook_timeout", "must be longer than 0s");
    }
    s.finish();
    return t;
  }
}
