package io.hookrelay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@link Bench}, parsed and checked. Durations read {@code 30s}, {@code 500ms},
 * {@code 2m} or a bare number of seconds; every option has a default (see {@link #USAGE}).
 */
public record BenchOptions(
    String store,
    int fanout,
    Duration duration,
    Duration warmup,
    int connections,
    int payloadBytes,
    int receivers,
    Duration receiverLatency,
    double failureRate,
    double rate,
    boolean latencyPhase,
    Duration latencyDuration,
    Duration rawDuration,
    Duration drainTimeout,
    String serverCmd,
    Path jar,
    String serverJvmOpts,
    String serverHeap,
    int sinkInstances,
    String pgAdminUrl,
    String pgDatabase,
    Path out,
    int logFill,
    int logSamples,
    int orderedKeys) {

  public static final String USAGE =
      """
      usage: bench [options]
        --store memory|postgres     store of the hookrelay server (memory)
        --fanout N                  webhooks per event, all at the sink (10)
        --duration D                measured time of the full-speed phase (30s)
        --warmup D                  unmeasured time before it, and before the raw and latency phases (5s)
        --connections N             load generator connections (64)
        --payload-bytes N           size of each event body (200)
        --receivers N               sink ports the webhooks are spread over (1)
        --receiver-latency D        the sink waits this long before answering (0ms)
        --failure-rate F            share of first attempts the sink answers with 500 (0)
        --rate R                    events/s of the main phase instead of full speed (0 = full speed)
        --latency-phase true|false  a second phase at half the measured max event rate (true)
        --latency-duration D        measured time of that phase (min(duration, 10s))
        --raw-duration D            measured time of the raw phase (min(duration, 10s))
        --drain-timeout D           longest wait for the backlog after the load stops (max(60s, 2 x duration))
        --server-cmd jar|classpath  run the server from --jar, or from this JVM's class path (jar if it exists)
        --jar PATH                  the server jar (target/hookrelay.jar)
        --server-jvm-opts "..."     extra JVM options of the server, e.g. -XX:StartFlightRecording=...
        --server-heap SIZE          the server's -Xmx instead of conf/jvm.options, scripts/run.sh's defaults
        --sink-instances N          sink event loops (number of cores)
        --pg-admin-url URL          PostgreSQL to create the bench database in (postgresql://postgres@127.0.0.1:5432/postgres)
        --pg-database NAME          database dropped and created for a postgres run (hookrelay_bench)
        --out DIR                   where result.json, bench.png, samples.csv and the logs go (target/bench)
        --log-fill N                instead of the delivery bench: fill the delivery log with N attempts
                                    (postgres only) and time page reads of GET /webhookslog (0 = off)
        --log-samples N             requests timed per kind of page in a --log-fill run (200)
        --ordered-keys N            webhooks deliver in order per key (ordering perKey); events cycle
                                    over N ordering keys (their targetCuid) (0 = unordered)
      """;

  public static BenchOptions parse(String... args) {
    Builder b = new Builder();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (name.equals("-h") || name.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        value = args[++i];
      }
      b.set(name, value);
    }
    return b.build();
  }

  /** Whether this run times the delivery log's pages ({@code --log-fill}) instead of delivery. */
  public boolean logBench() {
    return logFill > 0;
  }

  /** Whether the main phase runs at full speed (no {@code --rate}). */
  public boolean fullSpeed() {
    return rate <= 0;
  }

  static Duration duration(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " " + text + " is not a duration (30s, 500ms, 2m)");
    }
  }

  /** Mutable collector of the options, with the defaults. */
  private static final class Builder {
    String store = "memory";
    int fanout = 10;
    Duration duration = Duration.ofSeconds(30);
    Duration warmup = Duration.ofSeconds(5);
    int connections = 64;
    int payloadBytes = 200;
    int receivers = 1;
    Duration receiverLatency = Duration.ZERO;
    double failureRate;
    double rate;
    boolean latencyPhase = true;
    Duration latencyDuration;
    Duration rawDuration;
    Duration drainTimeout;
    String serverCmd;
    Path jar = Path.of("target/hookrelay.jar");
    String serverJvmOpts = "";
    String serverHeap = "";
    int sinkInstances = Runtime.getRuntime().availableProcessors();
    String pgAdminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
    String pgDatabase = "hookrelay_bench";
    Path out = Path.of("target/bench");
    int logFill;
    int logSamples = 200;
    int orderedKeys;

    void set(String name, String v) {
      switch (name) {
        case "--store" -> store = v;
        case "--fanout" -> fanout = integer(name, v, 1, 1000);
        case "--duration" -> duration = duration(name, v);
        case "--warmup" -> warmup = duration(name, v);
        case "--connections" -> connections = integer(name, v, 1, 4096);
        case "--payload-bytes" -> payloadBytes = integer(name, v, 1, 1 << 20);
        case "--receivers" -> receivers = integer(name, v, 1, 64);
        case "--receiver-latency" -> receiverLatency = duration(name, v);
        case "--failure-rate" -> failureRate = number(name, v, 0, 1);
        case "--rate" -> rate = number(name, v, 0, 10_000_000);
        case "--latency-phase" -> latencyPhase = bool(name, v);
        case "--latency-duration" -> latencyDuration = duration(name, v);
        case "--raw-duration" -> rawDuration = duration(name, v);
        case "--drain-timeout" -> drainTimeout = duration(name, v);
        case "--server-cmd" -> serverCmd = v;
        case "--jar" -> jar = Path.of(v);
        case "--server-jvm-opts" -> serverJvmOpts = v;
        case "--server-heap" -> serverHeap = v;
        case "--sink-instances" -> sinkInstances = integer(name, v, 1, 64);
        case "--pg-admin-url" -> pgAdminUrl = v;
        case "--pg-database" -> pgDatabase = v;
        case "--out" -> out = Path.of(v);
        case "--log-fill" -> logFill = integer(name, v, 0, 100_000_000);
        case "--log-samples" -> logSamples = integer(name, v, 1, 100_000);
        case "--ordered-keys" -> orderedKeys = integer(name, v, 0, 10_000_000);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }

    BenchOptions build() {
      if (!store.equals("memory") && !store.equals("postgres")) {
        throw new IllegalArgumentException("--store must be memory or postgres, not " + store);
      }
      if (serverCmd == null) {
        serverCmd = jar.toFile().isFile() ? "jar" : "classpath";
      }
      if (!serverCmd.equals("jar") && !serverCmd.equals("classpath")) {
        throw new IllegalArgumentException(
            "--server-cmd must be jar or classpath, not " + serverCmd);
      }
      if (!pgDatabase.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException(
            "--pg-database must be a plain lowercase name, not " + pgDatabase);
      }
      if (logFill > 0 && !store.equals("postgres")) {
        throw new IllegalArgumentException("--log-fill needs --store postgres");
      }
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      Duration tenSeconds = Duration.ofSeconds(10);
      Duration shortPhase = duration.compareTo(tenSeconds) < 0 ? duration : tenSeconds;
      Duration drain =
          drainTimeout != null
              ? drainTimeout
              : Duration.ofSeconds(Math.max(60, 2 * duration.toSeconds()));
      return new BenchOptions(
          store,
          fanout,
          duration,
          warmup,
          connections,
          payloadBytes,
          receivers,
          receiverLatency,
          failureRate,
          rate,
          latencyPhase,
          latencyDuration != null ? latencyDuration : shortPhase,
          rawDuration != null ? rawDuration : shortPhase,
          drain,
          serverCmd,
          jar,
          serverJvmOpts,
          serverHeap,
          sinkInstances,
          pgAdminUrl,
          pgDatabase,
          out,
          logFill,
          logSamples,
          orderedKeys);
    }

    private static int integer(String name, String v, int min, int max) {
      return (int) number(name, v, min, max);
    }

    private static double number(String name, String v, double min, double max) {
      double d;
      try {
        d = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + " is not a number");
      }
      if (d < min || d > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", not " + v);
      }
      return d;
    }

    private static boolean bool(String name, String v) {
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(name + " must be true or false, not " + v);
      }
      return Boolean.parseBoolean(v);
    }
  }
}
