package io.hookrelay.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw limit as the field measures it: {@code wrk} POSTing the bench's event body to an {@code
 * nginx} that answers 200, both on loopback. hookrelay's ratio is taken against this figure when
 * both programs are installed ({@code scripts/bench.sh} installs them when it can).
 */
final class WrkNginx {

  private static final Pattern REQUESTS_PER_SEC = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

  /** One measured wrk run. */
  record Result(double requestsPerSec, double p50Ms, double p90Ms, double p99Ms, String output) {}

  private final Path dir;
  private final PrintStream out;

  WrkNginx(Path dir, PrintStream out) {
    this.dir = dir.toAbsolutePath();
    this.out = out;
  }

  /** Why the pair cannot run here, or empty when both programs are found. */
  static Optional<String> unavailable() {
    List<String> missing = new ArrayList<>();
    if (find("nginx").isEmpty()) {
      missing.add("nginx");
    }
    if (find("wrk").isEmpty()) {
      missing.add("wrk");
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join(" and ", missing) + " not installed");
  }

  /**
   * Starts nginx on a free loopback port, runs wrk once unmeasured for {@code warmup}, then once
   * for {@code duration}, and stops nginx again.
   */
  Result measure(byte[] body, int connections, Duration warmup, Duration duration)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("temp"));
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, nginxConf(port), StandardCharsets.UTF_8);
    Path script = dir.resolve("post.lua");
    Files.writeString(script, wrkScript(body), StandardCharsets.UTF_8);
    Process nginx =
        new ProcessBuilder(
                find("nginx").orElseThrow().toString(), "-p", dir.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    try {
      waitForPort(port, nginx);
      if (!warmup.isZero()) {
        wrk(port, script, connections, warmup);
      }
      String output = wrk(port, script, connections, duration);
      return parse(output);
    } finally {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
  }

  private String wrk(int port, Path script, int connections, Duration duration)
      throws IOException, InterruptedException {
    long seconds = Math.max(1, duration.toSeconds());
    List<String> command =
        List.of(
            find("wrk").orElseThrow().toString(),
            "-t1",
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency",
            "-s",
            script.toString(),
            "http://127.0.0.1:" + port + "/raw");
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(seconds + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IOException("wrk failed: " + output);
    }
    out.printf("wrk -> nginx, %d connections, %ds: %s%n", connections, seconds, firstRate(output));
    return output;
  }

  static Result parse(String output) {
    Matcher rate = REQUESTS_PER_SEC.matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no Requests/sec line: " + output);
    }
    double p50 = Double.NaN;
    double p90 = Double.NaN;
    double p99 = Double.NaN;
    Matcher m = PERCENTILE.matcher(output);
    while (m.find()) {
      double ms = millis(Double.parseDouble(m.group(2)), m.group(3));
      switch (m.group(1)) {
        case "50" -> p50 = ms;
        case "90" -> p90 = ms;
        default -> p99 = ms;
      }
    }
    return new Result(Double.parseDouble(rate.group(1)), p50, p90, p99, output);
  }

  private static String firstRate(String output) {
    Matcher rate = REQUESTS_PER_SEC.matcher(output);
    return rate.find() ? String.format("%,.0f requests/s", Double.parseDouble(rate.group(1))) : "?";
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  private String nginxConf(int port) {
    String d = dir.toAbsolutePath().toString();
    String temp = d + "/temp";
    // As root, nginx's workers would switch to an unprivileged user that cannot read this folder.
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    return user
        + "daemon off;\n"
        + "worker_processes auto;\n"
        + "pid "
        + d
        + "/nginx.pid;\n"
        + "error_log "
        + d
        + "/nginx-error.log warn;\n"
        + "events { worker_connections 4096; }\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  client_body_temp_path "
        + temp
        + "/body;\n"
        + "  proxy_temp_path "
        + temp
        + "/proxy;\n"
        + "  fastcgi_temp_path "
        + temp
        + "/fastcgi;\n"
        + "  uwsgi_temp_path "
        + temp
        + "/uwsgi;\n"
        + "  scgi_temp_path "
        + temp
        + "/scgi;\n"
        + "  keepalive_requests 100000000;\n"
        + "  server {\n"
        + "    listen 127.0.0.1:"
        + port
        + ";\n"
        + "    location / { return 200; }\n"
        + "  }\n"
        + "}\n";
  }

  private static String wrkScript(byte[] body) {
    String json = new String(body, StandardCharsets.US_ASCII);
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.body = [==["
        + json
        + "]==]\n";
  }

  private static void waitForPort(int port, Process nginx)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!nginx.isAlive()) {
        throw new IOException("nginx exited with " + nginx.exitValue() + " (see nginx.out)");
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nginx did not listen on port " + port + " within 10 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Optional<Path> find(String program) {
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin"));
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(0, List.of(path.split(":")));
    }
    return dirs.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
  }
}
