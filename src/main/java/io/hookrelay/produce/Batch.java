package io.hookrelay.produce;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code produce --count N [--rate R]}: sends N events, paced to R per second when given, with at
 * most {@link #WINDOW} unanswered, and tallies the replies. Everything runs on one Vert.x context,
 * so the counters need no locks. Stops at the deadline with what it has.
 */
final class Batch {

  static final int WINDOW = 256;
  private static final long TICK_MS = 10;

  /** The tally; {@code unanswered} were unsent or unanswered at the deadline. */
  record Summary(
      int sent,
      int accepted,
      int failed,
      long deliveries,
      int unanswered,
      double seconds,
      Map<String, Integer> failures) {}

  private final Producer producer;
  private final ProduceCommand.Options options;
  private final long deadline;
  private final Promise<Summary> done = Promise.promise();
  private final Map<String, Integer> failures = new TreeMap<>();
  private long startNanos;
  private int sent;
  private int accepted;
  private int failed;
  private long deliveries;

  Batch(Producer producer, ProduceCommand.Options options, long deadline) {
    this.producer = producer;
    this.options = options;
    this.deadline = deadline;
  }

  Future<Summary> run() {
    Vertx vertx = producer.vertx();
    vertx.runOnContext(
        v -> {
          startNanos = System.nanoTime();
          long timer = vertx.setPeriodic(TICK_MS, id -> tick());
          done.future().onComplete(s -> vertx.cancelTimer(timer));
          tick();
        });
    return done.future();
  }

  private void tick() {
    if (System.currentTimeMillis() >= deadline) {
      finish();
      return;
    }
    long due = options.count();
    if (options.rate() > 0) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      due = Math.min(due, 1 + (long) (seconds * options.rate()));
    }
    while (sent < due && sent - accepted - failed < WINDOW) {
      sent++;
      producer.send(options.tenant(), options.eventBody()).onComplete(this::replied);
    }
  }

  private void replied(AsyncResult<JsonObject> reply) {
    if (reply.succeeded()) {
      accepted++;
      deliveries += reply.result().getInteger("deliveries", 0);
    } else {
      failed++;
      failures.merge(ProduceCommand.reason(reply.cause()), 1, Integer::sum);
    }
    if (accepted + failed == options.count()) {
      finish();
    } else {
      tick();
    }
  }

  private void finish() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    int unanswered = options.count() - accepted - failed;
    done.tryComplete(
        new Summary(
            sent, accepted, failed, deliveries, unanswered, seconds, new TreeMap<>(failures)));
  }
}
