package io.botasky.common.lifecycle;

/**
 * A {@link Service} that re-reads its configuration on {@code systemctl reload} (SIGHUP), without a
 * restart (docs/operations.md, "Reload"). {@link DaemonRunner} calls {@link #reload()} on one
 * thread, one reload at a time; a reload never throws: a refused file is logged and alerted by the
 * service itself, which keeps running on the previous configuration.
 */
public interface Reloadable {
  void reload();
}
