package io.hookrelay.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The bench's receiver, run as its own process: {@code java -cp hookrelay-bench.jar
 * io.hookrelay.bench.Sink --ports 9001,9002 [--failure-rate F] [--latency-ms L] [--instances N]
 * [--parent-pid P]}.
 *
 * <p>Every POST is read whole and answered 200 (after {@code --latency-ms}). A request with a
 * {@code webhook-id} header is a delivery: it is counted once per id (a second 200 for the same id
 * is a duplicate) and its end-to-end latency — arrival minus the body's {@code data.sentUs} — goes
 * into a histogram. A share {@code --failure-rate} of first attempts ({@code X-Hookrelay-Attempt:
 * 1}) is answered 500 instead, so every delivery succeeds by its second attempt. A request without
 * {@code webhook-id} is the raw phase's: counted and timed apart. {@code GET /_stats} answers the
 * counters and the histograms of the arrivals since the previous {@code /_stats}.
 */
public final class Sink {

  private Sink() {}

  /** What all sink event loops share: thread-safe counters, seen ids and interval recorders. */
  static final class State {
    final SeenIds seen = new SeenIds(1 << 21);
    final LongAdder deliveries = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder failedAnswers = new LongAdder();
    final LongAdder raw = new LongAdder();
    final Recorder latency = new Recorder(3);
    final Recorder rawLatency = new Recorder(3);

    synchronized JsonObject stats() {
      return new JsonObject()
          .put("deliveries", deliveries.sum())
          .put("duplicates", duplicates.sum())
          .put("failedAnswers", failedAnswers.sum())
          .put("raw", raw.sum())
          .put("latencyUs", encode(latency.getIntervalHistogram()))
          .put("rawLatencyUs", encode(rawLatency.getIntervalHistogram()));
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> ports = new ArrayList<>();
    double failureRate = 0;
    long latencyMs = 0;
    int instances = Runtime.getRuntime().availableProcessors();
    long parentPid = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--ports" ->
            Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).forEach(ports::add);
        case "--failure-rate" -> failureRate = Double.parseDouble(args[i + 1]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[i + 1]);
        case "--instances" -> instances = Integer.parseInt(args[i + 1]);
        case "--parent-pid" -> parentPid = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown sink option " + args[i]);
      }
    }
    if (ports.isEmpty()) {
      throw new IllegalArgumentException(
          "usage: Sink --ports P[,P…] [--failure-rate F] [--latency-ms L] [--instances N]");
    }
    Vertx vertx = Vertx.vertx();
    State state = new State();
    double share = failureRate;
    long delay = latencyMs;
    vertx
        .deployVerticle(
            () -> new Receiver(state, ports, share, delay),
            new DeploymentOptions().setInstances(instances))
        .await(30, TimeUnit.SECONDS);
    System.out.println("sink ready on 127.0.0.1 ports " + ports);
    watchParent(vertx, parentPid);
  }

  /**
   * Exits when the bench that started this sink is gone, so a killed bench leaves nothing behind.
   */
  private static void watchParent(Vertx vertx, long parentPid) {
    if (parentPid <= 0) {
      return;
    }
    vertx.setPeriodic(
        1000,
        id -> {
          boolean alive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
          if (!alive) {
            System.out.println("sink: the bench (pid " + parentPid + ") is gone; exiting");
            System.exit(0);
          }
        });
  }

  private static final long DECODE_FLOOR_US = 3_600_000_000L;

  static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  /**
   * The decoder sizes its counts by the highest value the header names, or by the floor given here
   * if higher. An interval histogram taken from a {@link Recorder} while it resized can hold counts
   * beyond its header's value, so the floor is an hour in microseconds, far above any latency a run
   * measures.
   */
  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), DECODE_FLOOR_US);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalStateException("the sink sent a histogram that does not decode", e);
    }
  }

  /**
   * One event loop's HTTP servers, one per port (Vert.x spreads the connections over the
   * instances).
   */
  private static final class Receiver extends VerticleBase {
    private final State state;
    private final List<Integer> ports;
    private final double failureRate;
    private final long latencyMs;

    Receiver(State state, List<Integer> ports, double failureRate, long latencyMs) {
      this.state = state;
      this.ports = ports;
      this.failureRate = failureRate;
      this.latencyMs = latencyMs;
    }

    @Override
    public Future<?> start() {
      HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true);
      return Future.all(
          ports.stream()
              .map(
                  port -> vertx.createHttpServer(options).requestHandler(this::handle).listen(port))
              .toList());
    }

    private void handle(HttpServerRequest request) {
      if ("/_stats".equals(request.path())) {
        request
            .response()
            .putHeader("Content-Type", "application/json")
            .end(state.stats().toBuffer());
        return;
      }
      request
          .body()
          .onSuccess(body -> answer(request, body))
          .onFailure(e -> request.response().setStatusCode(400).end());
    }

    private static void record(Recorder recorder, long latencyUs) {
      if (latencyUs >= 0) {
        recorder.recordValue(latencyUs);
      }
    }

    private void answer(HttpServerRequest request, Buffer body) {
      long sentUs = Payload.sentMicros(body);
      long latencyUs = sentUs > 0 ? Math.max(0, Payload.nowMicros() - sentUs) : -1;
      String id = request.getHeader("webhook-id");
      int status = 200;
      if (id == null) {
        state.raw.increment();
        record(state.rawLatency, latencyUs);
      } else if (failureRate > 0
          && "1".equals(request.getHeader("X-Hookrelay-Attempt"))
          && ThreadLocalRandom.current().nextDouble() < failureRate) {
        state.failedAnswers.increment();
        status = 500;
      } else if (state.seen.add(id)) {
        state.deliveries.increment();
        record(state.latency, latencyUs);
      } else {
        state.duplicates.increment();
      }
      int code = status;
      if (latencyMs > 0) {
        vertx.setTimer(latencyMs, t -> request.response().setStatusCode(code).end());
      } else {
        request.response().setStatusCode(code).end();
      }
    }
  }
}
