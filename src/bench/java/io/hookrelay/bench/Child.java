package io.hookrelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the bench started (the sink or the server), its output in a log file. It reads its own
 * memory and CPU time from {@code /proc}, and {@link #close()} ends it: SIGTERM, then SIGKILL after
 * a grace period. The bench closes every child from a shutdown hook too.
 */
final class Child implements AutoCloseable {

  /** Resident memory now and at its peak, and CPU time (user + system) so far; -1 where unknown. */
  record Usage(long rssBytes, long peakRssBytes, double cpuSeconds) {}

  private static final long TICKS_PER_SECOND = clockTicks();

  private final String name;
  private final Process process;
  private final Path log;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Child start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    return new Child(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The last lines of the log, to explain a failure. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Usage usage() {
    return usage(process.pid());
  }

  /** Memory from {@code /proc/PID/status} (VmRSS, VmHWM), CPU time from {@code /proc/PID/stat}. */
  static Usage usage(long pid) {
    long rss = -1;
    long hwm = -1;
    double cpu = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          hwm = kilobytes(line) * 1024;
        }
      }
      Stat stat = Stat.of(Path.of("/proc/" + pid));
      cpu = stat == null ? -1 : stat.cpuSeconds();
    } catch (IOException | RuntimeException e) {
      // the process is gone, or this is not Linux: unknown
    }
    return new Usage(rss, hwm, cpu);
  }

  /** {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}: name and user + system time. */
  record Stat(String name, double cpuSeconds) {

    static Stat of(Path dir) {
      String stat;
      try {
        stat = Files.readString(dir.resolve("stat"));
      } catch (IOException | RuntimeException e) {
        return null; // ended meanwhile, or this is not Linux
      }
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      // fields after "(comm)": state is field 3, utime field 14, stime field 15
      String[] f = stat.substring(close + 2).trim().split(" +");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return new Stat(stat.substring(open + 1, close), ticks / (double) TICKS_PER_SECOND);
    }
  }

  private static long kilobytes(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** SIGTERM, up to {@code graceMs} to exit (a JFR recording is written then), then SIGKILL. */
  void stop(long graceMs) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(20_000);
  }
}
