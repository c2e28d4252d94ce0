package io.hookrelay.store;

import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** The log of every delivery attempt, written in batches. */
public interface AttemptLog {

  Future<Void> append(List<Attempt> attempts);

  /** Newest first. */
  Future<Page<Attempt>> list(AttemptQuery query);

  /**
   * The tenant's attempts created at or after {@code since}, counted per webhook and status (the
   * attempts of {@code POST /webhooks/test}, which belong to no webhook, left out), by webhook
   * cuid.
   */
  Future<List<WebhookCounts>> countsByWebhook(String tenantCuid, Instant since);

  /** Removes up to {@code batch} attempts created before {@code cutoff}. */
  Future<Integer> purgeBefore(Instant cutoff, int batch);
}
