package io.hookrelay.delivery;

import io.hookrelay.Addresses;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects outcomes and attempt-log entries and writes them in batches: at once when nothing is
 * being written, else when the write under way ends (so batches grow with the load and each commit
 * carries many outcomes), or when a batch is full. A lost write is safe: the claim's lease runs out
 * and the delivery is attempted again (at least once).
 */
final class OutcomeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);

  private final Vertx vertx;
  private final Stores stores;
  private final String claimer;
  private final int disableAfterFailures;
  private final int batchSize;
  private List<Outcome> outcomes = new ArrayList<>();
  private List<Attempt> attempts = new ArrayList<>();
  private boolean scheduled;

  /** Writes started and not yet ended, and who waits for there to be none. */
  private int writing;

  private final List<Promise<Void>> waitingForWrites = new ArrayList<>();

  OutcomeWriter(
      Vertx vertx, Stores stores, String claimer, int disableAfterFailures, int batchSize) {
    this.vertx = vertx;
    this.claimer = claimer;
    this.stores = stores;
    this.disableAfterFailures = disableAfterFailures;
    this.batchSize = batchSize;
  }

  /** Queues an outcome and its log entry; either may be null. */
  void add(Outcome outcome, Attempt attempt) {
    if (outcome != null) {
      outcomes.add(outcome);
    }
    if (attempt != null) {
      attempts.add(attempt);
    }
    if (outcomes.size() >= batchSize || attempts.size() >= batchSize) {
      write();
    } else if (!scheduled && writing == 0) {
      scheduled = true;
      vertx.runOnContext(
          v -> {
            scheduled = false;
            write();
          });
    }
  }

  /**
   * Writes what is queued and ends once no write is under way, earlier ones included: only then may
   * the claims be handed back without a delivery being sent twice.
   */
  Future<Void> flush() {
    write();
    if (writing == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> written = Promise.promise();
    waitingForWrites.add(written);
    return written.future();
  }

  private void write() {
    if (outcomes.isEmpty() && attempts.isEmpty()) {
      return;
    }
    List<Outcome> o = outcomes;
    List<Attempt> a = attempts;
    outcomes = new ArrayList<>();
    attempts = new ArrayList<>();
    Future<List<String>> completed =
        o.isEmpty()
            ? Future.succeededFuture(List.of())
            : stores.queue().complete(claimer, o, disableAfterFailures);
    // The log follows the queue: once the log shows an attempt as final, the delivery's own state
    // says so too (a recovery or a retry asked for after reading the log finds it).
    Future<Void> logged =
        completed.transform(
            done -> a.isEmpty() ? Future.succeededFuture() : stores.attempts().append(a));
    writing++;
    Future.all(logged, completed)
        .onSuccess(v -> completed.result().forEach(this::announceDisabled))
        .onFailure(
            e ->
                LOG.warn(
                    "writing {} outcomes and {} attempts failed (their leases will expire and they will be retried): {}",
                    o.size(),
                    a.size(),
                    e.getMessage()))
        .onComplete(
            ar -> {
              if (--writing > 0) {
                return;
              }
              if (!outcomes.isEmpty() || !attempts.isEmpty()) {
                write(); // what came in meanwhile: the next batch
              } else {
                waitingForWrites.forEach(Promise::complete);
                waitingForWrites.clear();
              }
            });
  }

  private void announceDisabled(String webhookCuid) {
    LOG.info("webhook {} disabled", webhookCuid);
    vertx
        .eventBus()
        .publish(Addresses.WEBHOOK_CHANGED, new JsonObject().put("webhookCuid", webhookCuid));
  }
}
