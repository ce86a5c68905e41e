package io.botasky.agent.probe.mfs;

/**
 * The four MooseFS daemons, each its own section type (as the original's separate "sounders"), with
 * the program name and the TCP port it listens on by default (the metalogger only connects out).
 */
public enum MfsComponent {
  MASTER("mfsmaster", 9421),
  CHUNKSERVER("mfschunkserver", 9422),
  METALOGGER("mfsmetalogger", 0),
  CGISERV("mfscgiserv", 9425);

  private final String program;
  private final int defaultPort;

  MfsComponent(String program, int defaultPort) {
    this.program = program;
    this.defaultPort = defaultPort;
  }

  /** The program name, which is also the section type and the alert instance. */
  public String program() {
    return program;
  }

  /** The port it listens on by default, 0 for none. */
  public int defaultPort() {
    return defaultPort;
  }
}
