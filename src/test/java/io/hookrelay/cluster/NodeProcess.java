package io.hookrelay.cluster;

import io.hookrelay.config.ConfigLoader;
import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A hookrelay node in a child JVM, started as an operator would: {@code io.hookrelay.Main
 * --cluster} with the configuration in {@code HOOKRELAY_*} environment variables (the test defaults
 * plus the given overrides). Its output is kept (and copied to {@code
 * target/cluster-nodes/NAME.log}); the HTTP port is read from its {@code listening on port N} line.
 */
final class NodeProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private Api admin;
  private Thread pump;

  private NodeProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts the node; {@link #awaitStarted()} waits until it listens. */
  static NodeProcess start(String name, JsonObject overrides) {
    JsonObject config = ConfigLoader.merge(TestServer.testDefaults(), overrides);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-D" + TestCluster.FAST_JOIN_PROPERTY + "=0",
            "-cp",
            System.getProperty("java.class.path"),
            "io.hookrelay.Main",
            "--cluster");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env(config, ""));
    try {
      NodeProcess node = new NodeProcess(name, builder.start());
      node.pumpOutput();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + name, e);
    }
  }

  /**
   * {@code {"delivery": {"leaseMs": 2000}}} → {@code HOOKRELAY_DELIVERY_LEASE_MS=2000}; lists
   * comma-joined.
   */
  static Map<String, String> env(JsonObject config, String prefix) {
    Map<String, String> env = new HashMap<>();
    for (String key : config.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = config.getValue(key);
      if (value instanceof JsonObject child) {
        env.putAll(env(child, path));
      } else if (value instanceof JsonArray list) {
        env.put(
            ConfigLoader.envName(path),
            list.stream().map(String::valueOf).collect(Collectors.joining(",")));
      } else if (value != null) {
        env.put(ConfigLoader.envName(path), String.valueOf(value));
      }
    }
    return env;
  }

  private void pumpOutput() throws IOException {
    Path log = Path.of("target", "cluster-nodes", name + ".log");
    Files.createDirectories(log.getParent());
    PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  output.add(line);
                  copy.println(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process is gone
              } finally {
                copy.close();
                port.completeExceptionally(
                    new IllegalStateException(
                        "node " + name + " ended before listening:\n" + tail()));
              }
            },
            "node-" + name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Waits until the node listens; returns this. */
  NodeProcess awaitStarted() {
    try {
      int httpPort = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      admin = new Api(httpPort, TestServer.ADMIN);
      return this;
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "node " + name + " did not start: " + e.getMessage() + "\n" + tail(), e);
    }
  }

  Api admin() {
    return admin;
  }

  long pid() {
    return process.pid();
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /**
   * SIGTERM: the shutdown hook stops the server gracefully. Sent through the process handle because
   * {@link Process#destroy()} also closes our end of its output, and the stop's log lines would be
   * lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the process to end; returns its exit code. */
  int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "node " + name + " still running after " + timeout.toMillis() + " ms:\n" + tail());
      }
      pump.join(5_000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for node " + name);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  List<String> output() {
    return List.copyOf(output);
  }

  private String tail() {
    List<String> lines = new ArrayList<>(output);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
