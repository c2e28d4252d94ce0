package io.hookrelay.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * POSTs one body over and over to 127.0.0.1 with a fixed number of keep-alive connections, from one
 * verticle per core. At full speed each connection has one request out and sends the next as soon
 * as the answer is in (closed loop). At a rate, a 1 ms timer schedules requests at their intended
 * times and the body carries the intended time, so a backed-up server shows in the latency instead
 * of slowing the generator down (no coordinated omission).
 */
final class LoadGenerator {

  /** Where to send: the ports (taken in turn), the path, and an Authorization header or null. */
  record Target(List<Integer> ports, String path, String authorization) {}

  /** Cumulative counts; {@code deliveries} adds up the {@code deliveries} of accepted receipts. */
  record Totals(
      long sent, long accepted, long rejected, long errors, long deliveries, long dropped) {}

  private static final int MAX_PENDING = 100_000;
  private static final long STOP_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final Payload payload;
  private final int connections;
  private final LongAdder sent = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Recorder responseTime = new Recorder(3);
  private String deployment;

  LoadGenerator(Vertx vertx, Payload payload, int connections) {
    this.vertx = vertx;
    this.payload = payload;
    this.connections = connections;
  }

  /** Starts sending; {@code rate} events/s in all, or full speed when it is 0. */
  Future<Void> start(Target target, double rate) {
    int loops = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
    int[] shares = new int[loops];
    for (int i = 0; i < connections; i++) {
      shares[i % loops]++;
    }
    int[] next = {0};
    return vertx
        .deployVerticle(
            () -> new Loader(target, shares[next[0]++], rate / loops),
            new DeploymentOptions().setInstances(loops))
        .map(
            id -> {
              deployment = id;
              return null;
            });
  }

  /** Stops sending and waits (bounded) for the answers still out. */
  Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }

  Totals totals() {
    return new Totals(
        sent.sum(), accepted.sum(), rejected.sum(), errors.sum(), deliveries.sum(), dropped.sum());
  }

  /** Send-to-answer times (µs) since the previous call. */
  org.HdrHistogram.Histogram responseTimes() {
    synchronized (responseTime) {
      return responseTime.getIntervalHistogram();
    }
  }

  /** One event loop's share of the connections. */

  /**
   * How many requests are due {@code elapsedNanos} after the start at {@code rate} per second:
   * request k (from 0) is intended at k / rate, so it is due from then on (the first at once).
   */
  static long dueBy(long elapsedNanos, double rate) {
    return (long) Math.floor(elapsedNanos * rate / 1e9) + 1;
  }

  /**
   * Milliseconds from {@code elapsedNanos} until request {@code next} is due, at least 1 (Vert.x
   * timers count whole milliseconds). One timer per due time, not a 1 ms tick: at 100 events/s the
   * tick woke the load generator 1,000 times a second for nothing and cost it a quarter of a core,
   * taken from the server it measures.
   */
  static long delayToNextMs(long elapsedNanos, long next, double rate) {
    double dueNanos = next * 1e9 / rate;
    return Math.max(1, (long) Math.ceil((dueNanos - elapsedNanos) / 1e6));
  }

  /** The intended send time of request {@code k}, in microseconds since the epoch. */
  static long intendedMicros(long startMicros, long k, double rate) {
    return startMicros + (long) (k * 1e6 / rate);
  }

  private final class Loader extends VerticleBase {
    private final Target target;
    private final int conns;
    private final double rate;
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Promise<Void> idle = Promise.promise();
    private HttpClient client;
    private int inFlight;
    private int turn;
    private boolean stopping;
    private long timer = -1;
    private long startNanos;
    private long startMicros;
    private long scheduled;

    Loader(Target target, int conns, double rate) {
      this.target = target;
      this.conns = conns;
      this.rate = rate;
    }

    @Override
    public Future<?> start() {
      client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setTcpNoDelay(true)
                  .setDefaultHost("127.0.0.1"),
              new PoolOptions().setHttp1MaxSize(conns).setMaxWaitQueueSize(conns * 4));
      if (rate <= 0) {
        for (int i = 0; i < conns; i++) {
          fire(Payload.nowMicros());
        }
      } else {
        startNanos = System.nanoTime();
        startMicros = Payload.nowMicros();
        tick();
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      stopping = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      dropped.add(pending.size());
      pending.clear();
      if (inFlight == 0) {
        idle.tryComplete();
      }
      return idle.future()
          .timeout(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .eventually(() -> client.close());
    }

    private void tick() {
      long due = dueBy(System.nanoTime() - startNanos, rate);
      for (; scheduled < due; scheduled++) {
        if (pending.size() < MAX_PENDING) {
          pending.add(intendedMicros(startMicros, scheduled, rate));
        } else {
          dropped.increment();
        }
      }
      drain();
      if (!stopping) {
        timer =
            vertx.setTimer(
                delayToNextMs(System.nanoTime() - startNanos, scheduled, rate), id -> tick());
      }
    }

    private void drain() {
      while (inFlight < conns && !pending.isEmpty()) {
        fire(pending.poll());
      }
    }

    private void fire(long sentUs) {
      inFlight++;
      sent.increment();
      int port = target.ports().get(turn++ % target.ports().size());
      long start = System.nanoTime();
      client
          .request(HttpMethod.POST, port, "127.0.0.1", target.path())
          .compose(
              request -> {
                request.putHeader("Content-Type", "application/json");
                if (target.authorization() != null) {
                  request.putHeader("Authorization", target.authorization());
                }
                return request.send(payload.with(sentUs));
              })
          .compose(response -> response.body().map(body -> answered(response, body)))
          .onComplete(
              ar -> {
                inFlight--;
                responseTime.recordValue(Math.max(0, (System.nanoTime() - start) / 1_000));
                if (ar.failed()) {
                  errors.increment();
                }
                next(ar.failed());
              });
    }

    private Void answered(HttpClientResponse response, Buffer body) {
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        accepted.increment();
        deliveries.add(Payload.deliveries(body));
      } else {
        rejected.increment();
      }
      return null;
    }

    private void next(boolean failed) {
      if (stopping) {
        if (inFlight == 0) {
          idle.tryComplete();
        }
      } else if (rate > 0) {
        drain();
      } else if (failed) {
        // no busy loop against a refusing port
        vertx.setTimer(
            10,
            id -> {
              if (!stopping) {
                fire(Payload.nowMicros());
              }
            });
      } else {
        fire(Payload.nowMicros());
      }
    }
  }
}
