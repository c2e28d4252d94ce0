package io.hookrelay.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hookrelay in a child JVM ({@code java -cp <the tests' class path> io.hookrelay.Main}), configured
 * only through {@code HOOKRELAY_*} environment variables, so that a test can kill it for real
 * ({@link #kill()}: SIGKILL, no shutdown hook runs). Its port comes from its {@code listening on
 * port N} log line; its output is echoed with a prefix and the last lines are kept for failure
 * messages.
 */
public final class ChildServer implements AutoCloseable {

  public static final String ADMIN = "child-admin-token-0123456789abcdef";

  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
  private static final long START_TIMEOUT_S = 60;
  private static final int KEPT_LINES = 200;

  private final String name;
  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final Thread reader;

  private ChildServer(String name, Process process) {
    this.name = name;
    this.process = process;
    reader = new Thread(this::pump, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * The environment a child needs on PostgreSQL at {@code url}: port 0, the admin token, receivers
   * on 127.0.0.1 allowed, and a lease of {@code leaseMs}.
   */
  public static Map<String, String> postgresEnv(String url, long leaseMs) {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKRELAY_STORE_TYPE", "postgres");
    env.put("HOOKRELAY_STORE_POSTGRES_URL", url);
    env.put("HOOKRELAY_STORE_POSTGRES_POOL_SIZE", "4");
    env.put("HOOKRELAY_HTTP_HOST", "127.0.0.1");
    env.put("HOOKRELAY_HTTP_PORT", "0");
    env.put("HOOKRELAY_AUTH_ADMIN_TOKEN", ADMIN);
    env.put("HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("HOOKRELAY_DELIVERY_LEASE_MS", Long.toString(leaseMs));
    env.put("HOOKRELAY_DELIVERY_POLL_INTERVAL_MS", "200");
    env.put("HOOKRELAY_DELIVERY_INSTANCES", "2");
    env.put("HOOKRELAY_DELIVERY_TIMEOUT_MS", "3000");
    env.put("HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS", "100");
    env.put("HOOKRELAY_DELIVERY_MAX_BACKOFF_MS", "1000");
    env.put("HOOKRELAY_DELIVERY_JITTER", "0");
    return env;
  }

  /**
   * Starts a child with {@code env} on top of this JVM's environment (minus any HOOKRELAY_*), and
   * waits for its port.
   */
  public static ChildServer start(String name, Map<String, String> env) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.hookrelay.Main"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKRELAY_"));
    builder.environment().putAll(env);
    ChildServer child;
    try {
      child = new ChildServer(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    child.awaitPort();
    return child;
  }

  public int port() {
    return port.join();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGKILL: the process dies at once, mid-request, without draining or handing back its claims.
   */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /**
   * SIGTERM: the shutdown hook drains deliveries and hands back the claims. Sent through the
   * process handle, as {@code Process.destroy()} would also close the pipe of the child's output
   * and lose what it writes while stopping.
   */
  public void stop() {
    process.toHandle().destroy();
    waitForExit();
  }

  /** The last lines the child wrote. */
  public String output() {
    synchronized (lastLines) {
      return String.join("\n", lastLines);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void awaitPort() {
    try {
      port.get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name
              + " did not log 'listening on port N' within "
              + START_TIMEOUT_S
              + " s; its output:\n"
              + output(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted starting " + name, e);
    }
  }

  /** Waits for the process to end and for its last lines to be read. */
  private void waitForExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println("[" + name + "] " + line);
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (!port.isDone() && m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      port.completeExceptionally(new IllegalStateException(name + " exited with " + exitCode()));
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(1, TimeUnit.SECONDS)
          ? String.valueOf(process.exitValue())
          : "(still running)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(unknown)";
    }
  }
}
