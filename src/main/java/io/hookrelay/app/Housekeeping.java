package io.hookrelay.app;

import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Periodic chores: the queue-depth gauge every second, and retention — finished deliveries and
 * attempts older than {@code retention.days} removed in bounded batches.
 */
final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private static final int MAX_BATCHES_PER_RUN = 100;

  private Housekeeping() {
  }

  static void start(Vertx vertx, HookrelayConfig config, Stores stores, Metrics metrics) {
    vertx.setPeriodic(1_000, id -> stores.queue().pendingCount().onSuccess(metrics::queueDepth));
    HookrelayConfig.Retention retention = config.retention();
    vertx.setPeriodic(retention.intervalMs(), id -> {
      Instant cutoff = Instant.now().minus(Duration.ofDays(retention.days()));
      purge(stores, cutoff, retention.batchSize(), 0, 0)
          .onSuccess(n -> {
            if (n > 0) {
              LOG.info("retention removed {} deliveries and attempts older than {}", n, cutoff);
            }
          })
          .onFailure(e -> LOG.warn("retention run failed: {}", e.getMessage()));
    });
  }

  /** One batch of each kind at a time, until a batch comes back short. */
  private static Future<Integer> purge(Stores stores, Instant cutoff, int batch, int removed, int round) {
    return stores.queue().purgeFinishedBefore(cutoff, batch)
        .compose(d -> stores.attempts().purgeBefore(cutoff, batch).map(a -> new int[] {d, a}))
        .compose(n -> {
          int total = removed + n[0] + n[1];
          boolean more = (n[0] == batch || n[1] == batch) && round + 1 < MAX_BATCHES_PER_RUN;
          return more ? purge(stores, cutoff, batch, total, round + 1) : Future.succeededFuture(total);
        });
  }
}
