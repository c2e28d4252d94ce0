package io.hookrelay.app;

import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.fanout.SubscriptionIndex;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic chores: the queue-depth gauge every second, a full reload of the subscription index
 * every 30 s (a safety net behind the change notices), idempotency keys past {@code
 * idempotency.windowHours} forgotten every minute (the memory store also forgets them as events
 * arrive), and retention — finished deliveries and attempts older than {@code retention.days}
 * removed in bounded batches, whole days of the log dropped at once where the store keeps it by day
 * (PostgreSQL), whose next days it also prepares.
 */
final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private static final int MAX_BATCHES_PER_RUN = 100;

  /** Change notices keep the index fresh; this full reload repairs any notice that was lost. */
  private static final long INDEX_RELOAD_MS = 30_000;

  private static final long KEYS_EVERY_MS = 60_000;

  private Housekeeping() {}

  static void start(
      Vertx vertx,
      HookrelayConfig config,
      Stores stores,
      Metrics metrics,
      SubscriptionIndex index) {
    vertx.setPeriodic(1_000, id -> stores.queue().pendingCount().onSuccess(metrics::queueDepth));
    vertx.setPeriodic(
        INDEX_RELOAD_MS,
        id -> {
          long ticket = index.ticket();
          stores
              .webhooks()
              .all()
              .onSuccess(all -> index.reloaded(all, ticket))
              .onFailure(
                  e -> LOG.warn("reloading the subscription index failed: {}", e.getMessage()));
        });
    Duration window = Duration.ofHours(config.idempotencyWindowHours());
    vertx.setPeriodic(
        KEYS_EVERY_MS,
        id ->
            stores
                .events()
                .forgetKeysBefore(Instant.now().minus(window))
                .onFailure(
                    e -> LOG.warn("forgetting idempotency keys failed: {}", e.getMessage())));
    HookrelayConfig.Retention retention = config.retention();
    vertx.setPeriodic(retention.intervalMs(), id -> retain(stores, retention));
  }

  /**
   * One retention run: the log's storage made ready for the coming days, whole days of the log
   * older than the cutoff dropped, then the rest removed in bounded batches.
   */
  private static void retain(Stores stores, HookrelayConfig.Retention retention) {
    Instant now = Instant.now();
    Instant cutoff = now.minus(Duration.ofDays(retention.days()));
    AttemptLog log = stores.attempts();
    log.prepareUntil(now.plus(Duration.ofDays(AttemptLog.PREPARE_DAYS_AHEAD)))
        .onFailure(
            e -> LOG.warn("preparing the delivery log's next days failed: {}", e.getMessage()))
        .transform(v -> log.dropDaysBefore(cutoff))
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info(
                    "retention dropped whole days of the delivery log before {}: about {} attempts",
                    cutoff,
                    n);
              }
            })
        .onFailure(
            e -> LOG.warn("dropping old days of the delivery log failed: {}", e.getMessage()))
        .transform(v -> purge(stores, cutoff, retention.batchSize(), 0, 0))
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("retention removed {} deliveries and attempts older than {}", n, cutoff);
              }
            })
        .onFailure(e -> LOG.warn("retention run failed: {}", e.getMessage()));
  }

  /** One batch of each kind at a time, until a batch comes back short. */
  private static Future<Integer> purge(
      Stores stores, Instant cutoff, int batch, int removed, int round) {
    return stores
        .queue()
        .purgeFinishedBefore(cutoff, batch)
        .compose(d -> stores.attempts().purgeBefore(cutoff, batch).map(a -> new int[] {d, a}))
        .compose(
            n -> {
              int total = removed + n[0] + n[1];
              boolean more = (n[0] == batch || n[1] == batch) && round + 1 < MAX_BATCHES_PER_RUN;
              return more
                  ? purge(stores, cutoff, batch, total, round + 1)
                  : Future.succeededFuture(total);
            });
  }
}
