package io.botasky.agent.probe.command;

import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.Section;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the probe of a {@code [command:NAME]} section: splits {@code command} into argv, puts the
 * host and instance in, and checks what can be known at load (an absolute program that is missing,
 * a directory or not executable); runs nothing (docs/probes/command.md).
 */
public final class CommandProbeFactory extends OpenCheckFactory {

  @Override
  public String sectionType() {
    return "command";
  }

  @Override
  protected Probe create(Section section, ProbeEnv env, OpenCheck common) {
    String instance = section.instance();
    if (instance == null) {
      section.error(null, "needs a name, like [command:nginx_http]");
      instance = "command";
    }
    List<String> argv = List.of();
    String line = section.required("command");
    if (line != null) {
      try {
        argv = ArgvSplitter.substitute(ArgvSplitter.split(line), env.host(), instance);
        if (argv.isEmpty()) {
          section.error("command", "names no program");
        } else {
          checkProgram(section, argv.get(0));
        }
      } catch (IllegalArgumentException e) {
        section.error("command", e.getMessage());
      }
    }
    return new CommandProbe(section.name(), instance, argv, common.timeout(), env.commands());
  }

  private static void checkProgram(Section section, String program) {
    if (program.isEmpty()) {
      section.error("command", "the program name is empty");
    } else if (!program.startsWith("/")) {
      if (program.contains("/")) {
        section.error(
            "command",
            "\""
                + program
                + "\": give an absolute path, or a bare name looked up in "
                + CommandProbe.ENVIRONMENT.get("PATH"));
      }
      // A bare name is looked up when it runs: a plugin installed later is found then.
    } else {
      Path p;
      try {
        p = Path.of(program);
      } catch (InvalidPathException e) {
        section.error("command", "\"" + program + "\" is not a path: " + e.getReason());
        return;
      }
      if (!Files.exists(p)) {
        section.error("command", program + ": no such file");
      } else if (Files.isDirectory(p)) {
        section.error("command", program + ": is a directory, not a program");
      } else if (!Files.isExecutable(p)) {
        section.error("command", program + ": not executable");
      }
    }
  }
}
