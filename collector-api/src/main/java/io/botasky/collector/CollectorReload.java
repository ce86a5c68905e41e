package io.botasky.collector;

import io.botasky.common.conf.PihealthdSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a reload of pihealthd cannot apply (docs/operations.md, "Reload"): the keys that differ
 * between the running and the reloaded settings and that only a restart takes. The tokens, {@code
 * hosts}, {@code host_timeout} and the retention keys are applied; boird's keys are boird's.
 */
final class CollectorReload {
  private CollectorReload() {}

  private record Key(String name, Function<PihealthdSettings, Object> value) {}

  private static final List<Key> RESTART_ONLY =
      List.of(
          new Key("master", PihealthdSettings::master),
          new Key("client_port", PihealthdSettings::clientPort),
          new Key("bind", PihealthdSettings::bind),
          new Key("PIHealthLog", PihealthdSettings::pihealthLog),
          new Key("data_dir", PihealthdSettings::dataDir),
          new Key("db_url", PihealthdSettings::dbUrl),
          new Key("db_user", PihealthdSettings::dbUser),
          new Key("db_password", PihealthdSettings::dbPassword),
          new Key("db_pool_size", PihealthdSettings::dbPoolSize),
          new Key("redis_url", PihealthdSettings::redisUrl),
          new Key("tls_cert", PihealthdSettings::tlsCert),
          new Key("tls_key", PihealthdSettings::tlsKey),
          new Key("max_body", PihealthdSettings::maxBody),
          new Key("action_expiry", PihealthdSettings::actionExpiry),
          new Key("http limits", PihealthdSettings::httpLimits));

  /** The names of the restart-only keys whose value changed, in file order. */
  static List<String> needsRestart(PihealthdSettings running, PihealthdSettings next) {
    List<String> out = new ArrayList<>();
    for (Key k : RESTART_ONLY) {
      if (!Objects.equals(k.value().apply(running), k.value().apply(next))) {
        out.add(k.name());
      }
    }
    return out;
  }
}
