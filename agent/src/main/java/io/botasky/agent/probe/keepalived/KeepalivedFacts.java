package io.botasky.agent.probe.keepalived;

/**
 * What one round found out about the local keepalived.
 *
 * @param pid the keepalived parent process, or -1 when none runs in this network namespace
 * @param state the VRRP state of the instance owning the VIP from the dump, or null when the dump
 *     could not be had (then {@code dumpProblem} says why)
 * @param vipPresent the VIP is an address of the interface right now
 * @param notRunningWhy when pid is -1: why (not installed, not running)
 */
public record KeepalivedFacts(
    int pid, String state, String dumpProblem, boolean vipPresent, String notRunningWhy) {

  public boolean alive() {
    return pid > 0;
  }
}
