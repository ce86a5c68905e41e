package io.botasky.agent;

/**
 * Runs the built agent until it is told to stop; production blocks until SIGTERM, tests return at
 * once.
 */
@FunctionalInterface
public interface AgentStarter {
  int run(AgentService service) throws Exception;
}
