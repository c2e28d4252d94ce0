package io.hookrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Samples the run once a second: the sink's counters and latency histogram, the load generator's
 * totals, the processes' memory and CPU. Prints a progress line per sample, keeps the samples for
 * the chart, and adds each second's latencies into the histogram of the phase being measured.
 */
final class Monitor {

  /**
   * One second of the run, as charted. {@code rate} is raw requests/s in the raw phase, else
   * deliveries/s.
   */
  record Sample(
      double seconds,
      String phase,
      double rate,
      double eventsPerSec,
      long backlog,
      double p99Ms,
      double serverRssMiB,
      double serverCores) {}

  /** Cumulative counts at one moment. */
  record Snapshot(
      long nanos,
      long delivered,
      long raw,
      long duplicates,
      long failedAnswers,
      long accepted,
      long expected,
      Child.Usage server,
      Child.Usage sink,
      Child.Usage driver,
      CpuSplit cpu) {

    double secondsSince(Snapshot earlier) {
      return (nanos - earlier.nanos) / 1e9;
    }

    long backlog() {
      return Math.max(0, expected - delivered);
    }
  }

  private static final Duration STALL = Duration.ofSeconds(30);
  private static final double MIB = 1024.0 * 1024.0;

  private final Control control;
  private final int sinkPort;
  private final PrintStream out;
  private final Child sink;
  private final long t0 = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private LoadGenerator load;
  private Child server;
  private long extraExpected;
  private boolean raw;
  private Snapshot last;

  Monitor(Control control, int sinkPort, Child sink, PrintStream out) {
    this.control = control;
    this.sinkPort = sinkPort;
    this.sink = sink;
    this.out = out;
  }

  /** Watches raw requests from {@code load} straight to the sink. */
  void watchRaw(LoadGenerator rawLoad) {
    this.load = rawLoad;
    this.raw = true;
  }

  /** Watches deliveries of the events {@code events} sends to {@code hookrelay}. */
  void watchDeliveries(LoadGenerator events, Child hookrelay) {
    this.load = events;
    this.server = hookrelay;
    this.raw = false;
  }

  /**
   * Deliveries promised by receipts that did not come from the load generator (the probe event).
   */
  void expectMore(long deliveries) {
    extraExpected += deliveries;
  }

  List<Sample> samples() {
    return samples;
  }

  Snapshot last() {
    return last;
  }

  /**
   * Samples once now, without a progress line: a baseline for what follows. Latencies go into
   * {@code into} when not null.
   */
  Snapshot mark(String phase, Histogram into) throws IOException, InterruptedException {
    return sample(phase, into, false);
  }

  /**
   * Samples every second for {@code length}, adding latencies into {@code into} (when not null).
   */
  Snapshot run(String phase, Duration length, Histogram into)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    Snapshot s = last;
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return s;
      }
      Thread.sleep(Math.max(1, Math.min(1000, left / 1_000_000)));
      s = sample(phase, into, true);
    }
  }

  /**
   * After the load stops: samples every second until the sink has seen every promised delivery, or
   * {@code timeout} passes, or nothing arrived for 30 s.
   */
  Snapshot drain(String phase, Duration timeout, Histogram into)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Snapshot s = last;
    long progressAt = System.nanoTime();
    long delivered = s.delivered();
    while (s.backlog() > 0
        && System.nanoTime() < end
        && System.nanoTime() - progressAt < STALL.toNanos()) {
      Thread.sleep(s.backlog() < 1000 ? 250 : 1000);
      s = sample(phase, into, true);
      if (s.delivered() > delivered) {
        delivered = s.delivered();
        progressAt = System.nanoTime();
      }
    }
    return s;
  }

  private Snapshot sample(String phase, Histogram into, boolean print)
      throws IOException, InterruptedException {
    if (server != null && !server.alive()) {
      throw new IllegalStateException(
          "the hookrelay server exited; the end of its log ("
              + server.log()
              + "):\n"
              + server.tail(30));
    }
    Control.Answer answer = control.get(sinkPort, "/_stats");
    if (answer.status() != 200) {
      throw new IllegalStateException("the sink's stats answered " + answer.status());
    }
    JsonObject stats = answer.json();
    Histogram latency = Sink.decode(stats.getString(raw ? "rawLatencyUs" : "latencyUs"));
    if (into != null) {
      into.add(latency);
    }
    LoadGenerator.Totals totals =
        load == null ? new LoadGenerator.Totals(0, 0, 0, 0, 0, 0) : load.totals();
    Snapshot s =
        new Snapshot(
            System.nanoTime(),
            stats.getLong("deliveries"),
            stats.getLong("raw"),
            stats.getLong("duplicates"),
            stats.getLong("failedAnswers"),
            totals.accepted(),
            totals.deliveries() + extraExpected,
            server == null ? null : server.usage(),
            sink.usage(),
            Child.usage(ProcessHandle.current().pid()),
            server == null ? CpuSplit.NONE : CpuSplit.read(server.pid()));
    if (last != null && print) {
      record(phase, s, latency);
    }
    last = s;
    return s;
  }

  private void record(String phase, Snapshot s, Histogram latency) {
    double dt = Math.max(1e-3, s.secondsSince(last));
    double rate = (raw ? s.raw() - last.raw() : s.delivered() - last.delivered()) / dt;
    double events = raw ? 0 : (s.accepted() - last.accepted()) / dt;
    long backlog = raw ? 0 : s.backlog();
    double p99 =
        latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
    double rss = s.server() == null ? Double.NaN : s.server().rssBytes() / MIB;
    double cores =
        s.server() == null || last.server() == null
            ? Double.NaN
            : (s.server().cpuSeconds() - last.server().cpuSeconds()) / dt;
    double t = (s.nanos() - t0) / 1e9;
    samples.add(new Sample(t, phase, rate, events, backlog, p99, rss, cores));
    out.println(
        String.format(
            Locale.ROOT,
            "[%6.1fs] %-11s %s %9.0f  events/s %7.0f  backlog %9d  p99 %9.1f ms%s",
            t,
            phase,
            raw ? "raw req/s   " : "deliveries/s",
            rate,
            events,
            backlog,
            p99,
            Double.isNaN(rss)
                ? ""
                : String.format(Locale.ROOT, "  server rss %5.0f MiB cpu %4.2f", rss, cores)));
    out.flush();
  }
}
