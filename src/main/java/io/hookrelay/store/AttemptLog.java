package io.hookrelay.store;

import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** The log of every delivery attempt, written in batches. */
public interface AttemptLog {

  /**
   * {@link #list} counts matches only up to this many and one more: a total above it means "more
   * than this".
   */
  int COUNT_LIMIT = 10_000;

  /** Boot and every retention run prepare the log for attempts of today and this many days on. */
  int PREPARE_DAYS_AHEAD = 3;

  Future<Void> append(List<Attempt> attempts);

  /**
   * Newest first ({@code createdAt}, then the store's own order), with the number of matches of the
   * filters (whatever the offset or cursor) up to {@link #COUNT_LIMIT} + 1, and the cursor of the
   * next page when there are more matches after this page.
   */
  Future<Page<Attempt>> list(AttemptQuery query);

  /**
   * The tenant's attempts created at or after {@code since}, counted per webhook and status (the
   * attempts of {@code POST /webhooks/test}, which belong to no webhook, left out), by webhook
   * cuid.
   */
  Future<List<WebhookCounts>> countsByWebhook(String tenantCuid, Instant since);

  /** Removes up to {@code batch} attempts created before {@code cutoff}. */
  Future<Integer> purgeBefore(Instant cutoff, int batch);

  /**
   * Makes room for the attempts of the days up to {@code until} (PostgreSQL: the day partitions).
   * Nothing to do for a store without partitions.
   */
  default Future<Void> prepareUntil(Instant until) {
    return Future.succeededFuture();
  }

  /**
   * Removes at once every whole day of attempts that lies before {@code cutoff} (PostgreSQL: drops
   * day partitions); returns about how many attempts went. Attempts outside such days go through
   * {@link #purgeBefore}. Nothing to do for a store without partitions.
   */
  default Future<Long> dropDaysBefore(Instant cutoff) {
    return Future.succeededFuture(0L);
  }
}
