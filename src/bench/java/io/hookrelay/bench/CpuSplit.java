package io.hookrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where CPU time went: the server's threads by kind (event loops, JIT compilers, garbage collector,
 * ...) and all of PostgreSQL's processes together, read from {@code /proc}. Two readings, a window
 * apart, say what each used in it; so the bench can tell a server that works per delivery from one
 * that still compiles, and a delivery's cost to the server from its cost to the database.
 */
record CpuSplit(Map<String, Double> serverThreads, double postgres) {

  static final CpuSplit NONE = new CpuSplit(Map.of(), 0);

  /** CPU seconds so far of the threads of process {@code pid}, and of every PostgreSQL process. */
  static CpuSplit read(long pid) {
    Map<String, Double> threads = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        Child.Stat stat = Child.Stat.of(task);
        if (stat != null) {
          threads.merge(kind(stat.name()), stat.cpuSeconds(), Double::sum);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the server is gone, or this is not Linux: nothing to split
    }
    double postgres = 0;
    try (DirectoryStream<Path> processes =
        Files.newDirectoryStream(
            Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path process : processes) {
        Child.Stat stat = Child.Stat.of(process);
        if (stat != null && stat.name().equals("postgres")) {
          postgres += stat.cpuSeconds();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new CpuSplit(threads, postgres);
  }

  /**
   * What a thread does, from its name (Linux keeps 15 characters of it): a JVM names its own
   * threads, Vert.x and Netty theirs; numbered siblings count together.
   */
  static String kind(String thread) {
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return "JIT compiler";
    }
    if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
      return "garbage collector";
    }
    if (thread.startsWith("vert.x-eventloo")) {
      return "event loops";
    }
    if (thread.startsWith("vert.x-worker") || thread.startsWith("vert.x-internal")) {
      return "worker threads";
    }
    return "other";
  }

  /** What each used since {@code earlier}. */
  CpuSplit since(CpuSplit earlier) {
    Map<String, Double> threads = new TreeMap<>(serverThreads);
    earlier.serverThreads.forEach((kind, seconds) -> threads.merge(kind, -seconds, Double::sum));
    // a thread that ended in between takes its time with it: never report less than nothing
    threads.replaceAll((kind, seconds) -> Math.max(0, seconds));
    return new CpuSplit(threads, Math.max(0, postgres - earlier.postgres));
  }

  /** Cores (CPU seconds per second) over a window of {@code seconds}. */
  JsonObject cores(double seconds) {
    JsonObject threads = new JsonObject();
    serverThreads.forEach((kind, cpu) -> threads.put(kind, cpu / seconds));
    return new JsonObject().put("serverThreads", threads).put("postgres", postgres / seconds);
  }
}
