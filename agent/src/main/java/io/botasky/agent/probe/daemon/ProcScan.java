package io.botasky.agent.probe.daemon;

import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.ProcessInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ProcessTable} over a proc root ({@code /proc} in production). The process list comes from
 * the agent's {@link ProcFs}; what it does not read (a process's sockets, namespace and root) is
 * read here. Processes that exit while being read are skipped: the table is a snapshot.
 */
public final class ProcScan implements ProcessTable {
  private final Path root;
  private final ProcFs procFs;

  public ProcScan(Path procRoot) {
    this.root = procRoot;
    this.procFs = new ProcFs(procRoot);
  }

  @Override
  public List<Proc> processes() throws IOException {
    List<Proc> out = new ArrayList<>();
    for (ProcessInfo p : procFs.processes()) {
      Proc proc = new Proc(p.pid(), p.comm(), p.cmdline(), p.state());
      if (!proc.zombie()) {
        out.add(proc);
      }
    }
    return out;
  }

  @Override
  public Set<Integer> listeningPorts(int pid) throws IOException {
    Path dir = root.resolve(Integer.toString(pid));
    Map<Long, Integer> listening = new HashMap<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        listening.putAll(
            ListeningSockets.parse(Files.readString(dir.resolve("net").resolve(table))));
      } catch (NoSuchFileException e) {
        // No IPv6 in this namespace.
      }
    }
    Set<Integer> ports = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        if (target.startsWith("socket:[")) {
          Integer port = listening.get(Long.parseLong(target.substring(8, target.length() - 1)));
          if (port != null) {
            ports.add(port);
          }
        }
      }
    }
    return ports;
  }

  @Override
  public Optional<String> netNamespace(int pid) {
    return link(root.resolve(Integer.toString(pid)).resolve("ns").resolve("net"));
  }

  @Override
  public Optional<String> ownNetNamespace() {
    return link(root.resolve("self").resolve("ns").resolve("net"));
  }

  private static Optional<String> link(Path p) {
    try {
      return Optional.of(Files.readSymbolicLink(p).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean alive(int pid) throws IOException {
    return procFs
        .process(pid)
        .map(p -> !new Proc(p.pid(), p.comm(), p.cmdline(), p.state()).zombie())
        .orElse(false);
  }

  @Override
  public boolean handlesSignal(int pid, int signal) throws IOException {
    String status = Files.readString(root.resolve(Integer.toString(pid)).resolve("status"));
    return ProcessInfo.handlesSignal(status, signal);
  }

  @Override
  public Path fileOf(int pid, String file) {
    String relative = file.startsWith("/") ? file.substring(1) : file;
    return root.resolve(Integer.toString(pid)).resolve("root").resolve(relative);
  }
}
