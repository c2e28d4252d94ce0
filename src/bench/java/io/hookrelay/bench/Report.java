package io.hookrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The end of a run: a table for people, then the result as one JSON line (also in result.json). */
final class Report {

  private final BenchOptions options;
  private final JsonObject result;

  Report(BenchOptions options, JsonObject result) {
    this.options = options;
    this.result = result;
  }

  /** The result with when, where and how first. */
  static JsonObject envelope(BenchOptions o, JsonObject measured) {
    JsonObject config =
        new JsonObject()
            .put("store", o.store())
            .put("fanout", o.fanout())
            .put("orderedKeys", o.orderedKeys())
            .put("connections", o.connections())
            .put("payloadBytes", o.payloadBytes())
            .put("receivers", o.receivers())
            .put("receiverLatencyMs", o.receiverLatency().toMillis())
            .put("failureRate", o.failureRate())
            .put("rate", o.rate())
            .put("durationSeconds", o.duration().toMillis() / 1000.0)
            .put("warmupSeconds", o.warmup().toMillis() / 1000.0)
            .put("rawDurationSeconds", o.rawDuration().toMillis() / 1000.0)
            .put("serverHeap", o.serverHeap().isEmpty() ? "conf/jvm.options" : o.serverHeap())
            .put("serverJvmOpts", o.serverJvmOpts());
    if (o.logBench()) {
      config.put("logFill", o.logFill()).put("logSamples", o.logSamples());
    }
    JsonObject machine =
        new JsonObject()
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
            .put("java", System.getProperty("java.version"));
    return new JsonObject()
        .put("bench", "hookrelay")
        .put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("machine", machine)
        .put("config", config)
        .mergeIn(measured);
  }

  /** Percentiles in milliseconds of a histogram in microseconds. */
  static JsonObject latency(Histogram h) {
    JsonObject out = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return out;
    }
    return out.put("p50", ms(h.getValueAtPercentile(50)))
        .put("p95", ms(h.getValueAtPercentile(95)))
        .put("p99", ms(h.getValueAtPercentile(99)))
        .put("p999", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  void write(PrintStream out) throws IOException {
    out.println();
    (options.logBench() ? logTable() : table()).forEach(out::println);
    Files.writeString(
        options.out().resolve("result.json"),
        result.encodePrettily() + "\n",
        StandardCharsets.UTF_8);
    out.println(
        "result: "
            + options.out().resolve("result.json")
            + ", chart: "
            + result.getString("chart", "(none)"));
    out.println(result.encode());
    out.flush();
  }

  private List<String> table() {
    List<String> t = new ArrayList<>();
    JsonObject lat = result.getJsonObject("latencyMs");
    JsonObject server = result.getJsonObject("server");
    t.add(
        String.format(
            Locale.ROOT,
            "== hookrelay bench — %s store, fan-out %d, %d connections, %d-byte events, %s ==",
            options.store(),
            options.fanout(),
            options.connections(),
            options.payloadBytes(),
            options.fullSpeed()
                ? "full speed"
                : String.format(Locale.ROOT, "%.0f events/s", options.rate())));
    row(t, "deliveries/s (at the sink)", "%,.0f", result.getDouble("deliveriesPerSec"));
    row(
        t,
        "raw limit (" + result.getString("rawSource") + "), requests/s",
        "%,.0f",
        result.getDouble("rawRequestsPerSec"));
    row(t, "  jvm load generator -> sink", "%,.0f", result.getDouble("rawJvmRequestsPerSec"));
    row(t, "ratio", "%.3f", result.getDouble("ratio"));
    row(t, "events accepted/s", "%,.0f", result.getDouble("eventsAcceptedPerSec"));
    t.add(String.format(Locale.ROOT, "%-34s %s", "end-to-end latency", percentiles(lat)));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s %d lost, %d duplicates (%d expected, %d delivered)",
            "deliveries",
            result.getLong("lost"),
            result.getLong("duplicates"),
            result.getLong("expected"),
            result.getLong("delivered")));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s %d at load stop, drained in %.1f s",
            "backlog",
            result.getLong("backlogAtLoadStop"),
            result.getDouble("drainSeconds")));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s peak RSS %.0f MiB, %.2f cores (%.1f s CPU while measured)",
            "server",
            server.getDouble("peakRssMiB", -1.0),
            server.getDouble("cpuCores", -1.0),
            server.getDouble("cpuSeconds", -1.0)));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s sink %.2f cores, load generator %.2f cores",
            "others while measured",
            result.getDouble("sinkCpuCores"),
            result.getDouble("driverCpuCores")));
    cpu(t, server);
    JsonObject half = result.getJsonObject("latencyPhase");
    if (half != null) {
      t.add(
          String.format(
              Locale.ROOT,
              "%-34s %s",
              String.format(Locale.ROOT, "latency at %.0f events/s", half.getDouble("rate")),
              percentiles(half.getJsonObject("latencyMs"))));
      t.add(
          String.format(
              Locale.ROOT, "%-34s %,.0f deliveries/s", "", half.getDouble("deliveriesPerSec")));
      cpu(t, half.getJsonObject("server"));
    }
    return t;
  }

  private static double cores(Object value) {
    return ((Number) value).doubleValue();
  }

  /**
   * The server's CPU per delivery, where in the server it went, and what PostgreSQL used besides.
   */
  private static void cpu(List<String> t, JsonObject server) {
    JsonObject split = server == null ? null : server.getJsonObject("cpuSplit");
    if (split == null) {
      return;
    }
    StringBuilder threads = new StringBuilder();
    split.getJsonObject("serverThreads").stream()
        .sorted((a, b) -> Double.compare(cores(b.getValue()), cores(a.getValue())))
        .forEach(
            e ->
                threads
                    .append(threads.length() == 0 ? "" : ", ")
                    .append(
                        String.format(Locale.ROOT, "%s %.2f", e.getKey(), cores(e.getValue()))));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s %.3f ms per delivery; cores: %s; PostgreSQL %.2f cores",
            "  server CPU",
            server.getDouble("cpuMsPerDelivery"),
            threads,
            split.getDouble("postgres")));
  }

  /** The table of a {@code --log-fill} run. */
  private List<String> logTable() {
    List<String> t = new ArrayList<>();
    t.add(
        String.format(
            Locale.ROOT,
            "== hookrelay log bench — %,d attempts over %d days, %,d of them the bench tenant's ==",
            result.getLong("logFill"),
            result.getInteger("days"),
            result.getLong("benchTenantAttempts")));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s %.0f s (%,.0f attempts/s), VACUUM ANALYZE %.0f s",
            "fill",
            result.getDouble("fillSeconds"),
            result.getDouble("fillAttemptsPerSec"),
            result.getDouble("vacuumAnalyzeSeconds")));
    t.add(
        String.format(
            Locale.ROOT,
            "%-34s %.0f MiB in %d partitions",
            "log size (tables and indexes)",
            result.getDouble("logSizeMiB"),
            result.getLong("partitions")));
    JsonObject pages = result.getJsonObject("pages");
    for (String name : pages.fieldNames()) {
      JsonObject page = pages.getJsonObject(name);
      t.add(
          String.format(
              Locale.ROOT,
              "%-34s %s; %d items, totalResults %d%s",
              "page: " + name,
              percentiles(page),
              page.getInteger("items"),
              page.getLong("totalResults"),
              page.getBoolean("totalResultsCapped") ? " (capped)" : ""));
    }
    return t;
  }

  private static void row(List<String> t, String label, String format, double value) {
    t.add(String.format(Locale.ROOT, "%-34s " + format, label, value));
  }

  private static String percentiles(JsonObject lat) {
    if (lat == null || lat.getLong("count", 0L) == 0) {
      return "(no deliveries)";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
        lat.getDouble("p50"),
        lat.getDouble("p95"),
        lat.getDouble("p99"),
        lat.getDouble("max"));
  }

  /** Every sample as a CSV row, for a closer look than the chart gives. */
  static void writeSamples(Path file, List<Monitor.Sample> samples) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("seconds,phase,rate,eventsPerSec,backlog,p99Ms,serverRssMiB,serverCores");
    for (Monitor.Sample s : samples) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%.2f,%s,%.1f,%.1f,%d,%.3f,%.1f,%.3f",
              s.seconds(),
              s.phase(),
              s.rate(),
              s.eventsPerSec(),
              s.backlog(),
              s.p99Ms(),
              s.serverRssMiB(),
              s.serverCores()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
