package io.botasky.agent;

import io.botasky.agent.testkit.FixtureTree;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the boagent command line in-process on a fixture tree and keeps what it printed. */
record CliRun(int exit, String out, String err) {

  static CliRun on(FixtureTree tree, AgentStarter starter, String... args) {
    return on(tree.wiring(), starter, args);
  }

  static CliRun on(AgentWiring wiring, AgentStarter starter, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Boagent.execute(
            new Boagent(wiring, new PrintWriter(out), new PrintWriter(err), starter), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
