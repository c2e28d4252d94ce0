package io.hookrelay.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The benchmark behind {@code scripts/bench.sh} (see docs/benchmark.md). Starts the {@link Sink}
 * and a hookrelay server as separate processes, measures the raw limit (the load generator straight
 * to the sink), then hookrelay at full speed, then, optionally, its latency at half the measured
 * max rate. Prints progress, a table, and the result as one JSON line, the last line of its output.
 */
public final class Bench {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Long enough for the server to settle after the full-speed phase and its backlog. */
  private static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);

  private final BenchOptions options;
  private final PrintStream out;
  private final Control control = new Control();
  private final List<Child> children = new CopyOnWriteArrayList<>();
  private final String adminToken =
      "bench-admin-" + String.format("%016x", new SecureRandom().nextLong());

  /** The fresh database of a postgres run, once made. */
  private String databaseUrl;

  private Bench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(options, System.out);
      System.exit(0);
    } catch (Exception e) {
      System.err.println("bench failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** Runs the whole benchmark; returns the result that was printed last. */
  public static JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    return new Bench(options, out).run();
  }

  private JsonObject run() throws Exception {
    Files.createDirectories(options.out());
    Thread cleanup = new Thread(this::stopChildren, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject result = options.logBench() ? measureLog() : measure(vertx);
      Report report = new Report(options, result);
      report.write(out);
      return result;
    } finally {
      stopChildren();
      vertx.close().await(30, TimeUnit.SECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway
      }
    }
  }

  private JsonObject measure(Vertx vertx) throws Exception {
    List<Integer> ports = freePorts(options.receivers() + 1);
    List<Integer> sinkPorts = ports.subList(0, options.receivers());
    int serverPort = ports.get(options.receivers());
    Child sink = startSink(sinkPorts);
    await("the sink", sink, () -> control.ok(sinkPorts.get(0), "/_stats"));
    Monitor monitor = new Monitor(control, sinkPorts.get(0), sink, out);
    Payload payload = new Payload(options.payloadBytes(), options.orderedKeys());
    out.printf(
        "hookrelay bench: store %s, fan-out %d, %d connections, %d-byte events, %d receiver port(s)%n",
        options.store(),
        options.fanout(),
        options.connections(),
        payload.size(),
        options.receivers());

    Phase raw = rawPhase(vertx, monitor, payload, sinkPorts);
    JsonObject wrk = wrkPhase(payload);
    double rawLimit = wrk.getDouble("requestsPerSec", raw.rate());

    Child server = startServer(serverPort);
    await("the hookrelay server", server, () -> control.ok(serverPort, "/health"));
    String token = setUp(serverPort, sinkPorts, monitor);
    LoadGenerator events = new LoadGenerator(vertx, payload, options.connections());
    LoadGenerator.Target target =
        new LoadGenerator.Target(List.of(serverPort), "/api/internal/events", "Bearer " + token);
    monitor.watchDeliveries(events, server);

    Phase main =
        loadPhase(
            monitor, events, target, options.rate(), "main", options.warmup(), options.duration());
    JsonObject result = main.json(options.fanout());
    result.put("rawRequestsPerSec", rawLimit);
    result.put("rawSource", wrk.containsKey("requestsPerSec") ? "wrk->nginx" : "jvm->sink");
    result.put("ratio", rawLimit > 0 ? main.rate() / rawLimit : 0);
    result.put("rawWrkNginx", wrk);
    result.put("rawJvmRequestsPerSec", raw.rate());
    result.put("rawLatencyMs", Report.latency(raw.latency()));
    result.put("rawSinkCpuCores", raw.sinkCores());

    if (options.latencyPhase()) {
      double maxEvents = Math.min(main.eventsPerSec(), main.rate() / options.fanout());
      double halfRate = Math.max(1, maxEvents / 2);
      out.printf(
          "latency phase at %.0f events/s (half of the max sustained %.0f events/s)%n",
          halfRate, maxEvents);
      Phase latency =
          loadPhase(
              monitor,
              events,
              target,
              halfRate,
              "latency",
              LATENCY_WARMUP,
              options.latencyDuration());
      result.put("latencyPhase", latency.json(options.fanout()).put("rate", halfRate));
    }

    Monitor.Snapshot end = monitor.last();
    Child.Usage serverUsage = server.usage();
    result.put("expected", end.expected());
    result.put("delivered", end.delivered());
    result.put("lost", Math.max(0, end.expected() - end.delivered()));
    result.put("duplicates", end.duplicates());
    result.put("failedAnswers", end.failedAnswers());
    result
        .getJsonObject("server")
        .put("peakRssMiB", mib(serverUsage.peakRssBytes()))
        .put("cpuSecondsTotal", serverUsage.cpuSeconds());
    saveMetrics(serverPort);
    stopChild(
        server, 30_000); // SIGTERM: a JFR recording asked for in --server-jvm-opts is written now
    stopChild(sink, 10_000);
    Report.writeSamples(options.out().resolve("samples.csv"), monitor.samples());
    result.put(
        "chart", Chart.write(options.out().resolve("bench.png"), monitor.samples(), rawLimit, out));
    return Report.envelope(options, result);
  }

  /**
   * {@code --log-fill}: the server alone, its log filled and its pages timed ({@link LogBench}).
   */
  private JsonObject measureLog() throws Exception {
    int serverPort = freePorts(1).get(0);
    out.printf("hookrelay log bench: %,d attempts in the delivery log%n", options.logFill());
    Child server = startServer(serverPort);
    await("the hookrelay server", server, () -> control.ok(serverPort, "/health"));
    JsonObject result =
        new LogBench(options, out, control, adminToken).run(serverPort, databaseUrl);
    Child.Usage usage = server.usage();
    result.put(
        "server",
        new JsonObject()
            .put("peakRssMiB", mib(usage.peakRssBytes()))
            .put("cpuSecondsTotal", usage.cpuSeconds()));
    stopChild(server, 30_000);
    return Report.envelope(options, result);
  }

  /**
   * The load generator straight at the sink: the most this machine's HTTP stack does with these
   * connections.
   */
  private Phase rawPhase(Vertx vertx, Monitor monitor, Payload payload, List<Integer> sinkPorts)
      throws Exception {
    LoadGenerator load = new LoadGenerator(vertx, payload, options.connections());
    monitor.watchRaw(load);
    monitor.mark("raw-warmup", null);
    load.start(new LoadGenerator.Target(sinkPorts, "/raw", null), 0).await(30, TimeUnit.SECONDS);
    monitor.run("raw-warmup", options.warmup(), null);
    Monitor.Snapshot from = monitor.last();
    Histogram latency = new Histogram(3);
    Monitor.Snapshot to = monitor.run("raw", options.rawDuration(), latency);
    load.stop().await(30, TimeUnit.SECONDS);
    return new Phase(
        from,
        to,
        latency,
        (to.raw() - from.raw()) / to.secondsSince(from),
        0,
        load.totals(),
        0,
        null);
  }

  /**
   * The raw limit as the field measures it, wrk POSTing the same body to nginx; its result, or
   * {@code {"unavailable": why}} when either program is missing here (the JVM pair is used then).
   */
  private JsonObject wrkPhase(Payload payload) throws Exception {
    var missing = WrkNginx.unavailable();
    if (missing.isPresent()) {
      out.printf("raw limit by wrk -> nginx: skipped, %s; using the JVM pair%n", missing.get());
      return new JsonObject().put("unavailable", missing.get());
    }
    WrkNginx.Result r =
        new WrkNginx(options.out().resolve("nginx"), out)
            .measure(
                payload.with(Payload.nowMicros()).getBytes(),
                options.connections(),
                options.warmup(),
                options.rawDuration());
    return new JsonObject()
        .put("requestsPerSec", r.requestsPerSec())
        .put("connections", options.connections())
        .put("threads", 1)
        .put(
            "latencyMs",
            new JsonObject().put("p50", r.p50Ms()).put("p90", r.p90Ms()).put("p99", r.p99Ms()));
  }

  /**
   * Warm-up, measured window, then the drain of the backlog; the latencies of the drain count too.
   */
  private Phase loadPhase(
      Monitor monitor,
      LoadGenerator events,
      LoadGenerator.Target target,
      double rate,
      String name,
      Duration warmup,
      Duration length)
      throws Exception {
    monitor.mark(name + "-warmup", null);
    events.start(target, rate).await(30, TimeUnit.SECONDS);
    monitor.run(name + "-warmup", warmup, null);
    Monitor.Snapshot from = monitor.last();
    Histogram latency = new Histogram(3);
    Monitor.Snapshot to = monitor.run(name, length, latency);
    events.stop().await(30, TimeUnit.SECONDS);
    Monitor.Snapshot stopped = monitor.mark(name + "-drain", latency);
    Monitor.Snapshot drained = monitor.drain(name + "-drain", options.drainTimeout(), latency);
    double seconds = to.secondsSince(from);
    return new Phase(
        from,
        to,
        latency,
        (to.delivered() - from.delivered()) / seconds,
        (to.accepted() - from.accepted()) / seconds,
        events.totals(),
        stopped.backlog(),
        drained);
  }

  /** What one measured window showed. */
  private record Phase(
      Monitor.Snapshot from,
      Monitor.Snapshot to,
      Histogram latency,
      double rate,
      double eventsPerSec,
      LoadGenerator.Totals totals,
      long backlogAtStop,
      Monitor.Snapshot drained) {

    double sinkCores() {
      return (to.sink().cpuSeconds() - from.sink().cpuSeconds()) / to.secondsSince(from);
    }

    /** CPU milliseconds per delivery measured in this window. */
    double cpuMsPerDelivery(double cpuSeconds) {
      return rate == 0 ? -1 : cpuSeconds * 1000 / (rate * to.secondsSince(from));
    }

    JsonObject json(int fanout) {
      double seconds = to.secondsSince(from);
      JsonObject server = new JsonObject();
      if (to.server() != null && from.server() != null) {
        server
            .put("cpuSeconds", to.server().cpuSeconds() - from.server().cpuSeconds())
            .put("cpuCores", (to.server().cpuSeconds() - from.server().cpuSeconds()) / seconds)
            .put("rssAtEndMiB", mib(to.server().rssBytes()))
            .put(
                "cpuMsPerDelivery",
                cpuMsPerDelivery(to.server().cpuSeconds() - from.server().cpuSeconds()))
            .put("cpuSplit", to.cpu().since(from.cpu()).cores(seconds));
      }
      return new JsonObject()
          .put("measuredSeconds", seconds)
          .put("deliveriesPerSec", rate)
          .put("eventsAcceptedPerSec", eventsPerSec)
          .put("maxSustainedEventsPerSec", Math.min(eventsPerSec, rate / fanout))
          .put("latencyMs", Report.latency(latency))
          .put("eventsRejected", totals.rejected())
          .put("loadErrors", totals.errors())
          .put("backlogAtLoadStop", backlogAtStop)
          .put("drainSeconds", drained == null ? 0 : drained.secondsSince(to))
          .put("server", server)
          .put("sinkCpuCores", (to.sink().cpuSeconds() - from.sink().cpuSeconds()) / seconds)
          .put("driverCpuCores", (to.driver().cpuSeconds() - from.driver().cpuSeconds()) / seconds);
    }
  }

  /**
   * A tenant, its token, {@code fanout} signed webhooks at the sink, and a probe event that must
   * reach them all.
   */
  private String setUp(int port, List<Integer> sinkPorts, Monitor monitor) throws Exception {
    JsonObject tenant =
        control.expect(
            201, port, "/api/internal/tenants", adminToken, new JsonObject().put("name", "bench"));
    String token =
        control
            .expect(
                201,
                port,
                "/api/internal/tenants/" + tenant.getString("cuid") + "/tokens",
                adminToken,
                new JsonObject())
            .getString("token");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < options.fanout(); i++) {
      byte[] key = new byte[24];
      random.nextBytes(key);
      control.expect(
          201,
          port,
          "/api/internal/webhooks",
          token,
          new JsonObject()
              .put("name", "bench-" + i)
              .put("url", "http://127.0.0.1:" + sinkPorts.get(i % sinkPorts.size()) + "/hook/" + i)
              .put("sslVerification", true)
              .put("events", new JsonArray().add(Payload.EVENT))
              .put("enabled", true)
              .put("secret", "whsec_" + Base64.getEncoder().encodeToString(key))
              .put("ordering", options.orderedKeys() > 0 ? "perKey" : "none"));
    }
    JsonObject probe =
        new JsonObject(new Payload(options.payloadBytes()).with(Payload.nowMicros()).toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonObject receipt = control.expect(202, port, "/api/internal/events", token, probe);
      long deliveries = receipt.getLong("deliveries");
      monitor.expectMore(deliveries);
      if (deliveries == options.fanout()) {
        return token;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "a probe event still fans out to " + deliveries + " webhooks, not " + options.fanout());
      }
      Thread.sleep(200);
    }
  }

  private Child startSink(List<Integer> ports) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xms256m",
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-Xlog:gc:file=" + options.out().resolve("sink-gc.log"),
                "-cp",
                System.getProperty("java.class.path"),
                Sink.class.getName(),
                "--ports",
                String.join(",", ports.stream().map(String::valueOf).toList()),
                "--failure-rate",
                Double.toString(options.failureRate()),
                "--latency-ms",
                Long.toString(options.receiverLatency().toMillis()),
                "--instances",
                Integer.toString(options.sinkInstances()),
                "--parent-pid",
                Long.toString(ProcessHandle.current().pid())));
    return track(Child.start("sink", command, Map.of(), options.out().resolve("sink.log")));
  }

  /** The options in {@code file}, one per line, as scripts/run.sh reads them. */
  static List<String> jvmOptions(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private Child startServer(int port) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKRELAY_HTTP_HOST", "127.0.0.1");
    env.put("HOOKRELAY_HTTP_PORT", Integer.toString(port));
    env.put("HOOKRELAY_AUTH_ADMIN_TOKEN", adminToken);
    env.put("HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS", "true");
    env.put("HOOKRELAY_STORE_TYPE", options.store());
    // one tenant only: its quota would answer the load generator 429 at once where the memory
    // queue's cap slows it down, and postgres had no cap before quotas; keep runs comparable
    env.put("HOOKRELAY_LIMITS_MAX_PENDING_DELIVERIES_PER_TENANT", "100000000");
    if (options.store().equals("postgres")) {
      databaseUrl = Postgres.recreate(options.pgAdminUrl(), options.pgDatabase());
      env.put("HOOKRELAY_STORE_POSTGRES_URL", databaseUrl);
      out.printf("created a fresh database %s%n", options.pgDatabase());
    }
    List<String> command = new ArrayList<>(List.of(java()));
    if (options.serverHeap().isEmpty()) {
      command.addAll(jvmOptions(Path.of("conf", "jvm.options")));
    } else {
      command.addAll(List.of("-Xmx" + options.serverHeap(), "-XX:+ExitOnOutOfMemoryError"));
    }
    if (!options.serverJvmOpts().isBlank()) {
      command.addAll(List.of(options.serverJvmOpts().trim().split("\\s+")));
    }
    if (options.serverCmd().equals("jar")) {
      if (!Files.isRegularFile(options.jar())) {
        throw new IllegalStateException(
            options.jar()
                + " is missing: build it (mvn -DskipTests package) or use --server-cmd classpath");
      }
      command.addAll(List.of("-jar", options.jar().toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hookrelay.Main"));
    }
    out.printf("starting hookrelay (%s store) on 127.0.0.1:%d%n", options.store(), port);
    return track(Child.start("hookrelay", command, env, options.out().resolve("server.log")));
  }

  /**
   * The server's own counters (Prometheus text from {@code GET /metrics}), kept beside the result.
   */
  private void saveMetrics(int port) {
    try {
      Control.Answer metrics = control.get(port, "/metrics");
      Files.writeString(options.out().resolve("server-metrics.txt"), metrics.body());
    } catch (IOException e) {
      out.println("no server metrics: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Child track(Child child) throws IOException {
    children.add(child);
    Files.writeString(
        options.out().resolve("children.pids"),
        String.join("\n", children.stream().map(c -> Long.toString(c.pid())).toList()) + "\n");
    return child;
  }

  private void stopChild(Child child, long graceMs) {
    child.stop(graceMs);
    children.remove(child);
  }

  private void stopChildren() {
    for (Child child : children) {
      child.stop(5_000);
    }
    children.clear();
    try {
      Files.deleteIfExists(options.out().resolve("children.pids"));
    } catch (IOException e) {
      // nothing left to clean
    }
  }

  /** A check that turns true once the process is ready. */
  private interface Ready {
    boolean check() throws Exception;
  }

  private static void await(String what, Child child, Ready ready) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ready.check()) {
      if (!child.alive()) {
        throw new IllegalStateException(
            what
                + " exited while starting; the end of its log ("
                + child.log()
                + "):\n"
                + child.tail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what
                + " did not get ready in "
                + START_TIMEOUT.toSeconds()
                + " s; its log: "
                + child.log());
      }
      Thread.sleep(100);
    }
  }

  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static double mib(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
  }
}
