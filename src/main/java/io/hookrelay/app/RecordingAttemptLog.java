package io.hookrelay.app;

import io.hookrelay.metrics.RecentAttempts;
import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Page;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The store's attempt log, counting each appended delivery attempt in {@link RecentAttempts} on its
 * way (the attempts of {@code POST /webhooks/test}, which belong to no webhook, are not counted).
 */
final class RecordingAttemptLog implements AttemptLog {

  private final AttemptLog log;
  private final RecentAttempts recent;

  RecordingAttemptLog(AttemptLog log, RecentAttempts recent) {
    this.log = log;
    this.recent = recent;
  }

  @Override
  public Future<Void> append(List<Attempt> attempts) {
    for (Attempt a : attempts) {
      if (a.webhookCuid() != null) {
        recent.record(a.tenantCuid(), kind(a.status()), a.durationMs());
      }
    }
    return log.append(attempts);
  }

  private static RecentAttempts.Kind kind(Attempt.Status status) {
    return switch (status) {
      case SUCCEEDED -> RecentAttempts.Kind.SUCCEEDED;
      case FAILED -> RecentAttempts.Kind.FAILED;
      case RETRYING -> RecentAttempts.Kind.RETRYING;
    };
  }

  @Override
  public Future<Page<Attempt>> list(AttemptQuery query) {
    return log.list(query);
  }

  @Override
  public Future<List<WebhookCounts>> countsByWebhook(String tenantCuid, Instant since) {
    return log.countsByWebhook(tenantCuid, since);
  }

  @Override
  public Future<Integer> purgeBefore(Instant cutoff, int batch) {
    return log.purgeBefore(cutoff, batch);
  }

  @Override
  public Future<Void> prepareUntil(Instant until) {
    return log.prepareUntil(until);
  }

  @Override
  public Future<Long> dropDaysBefore(Instant cutoff) {
    return log.dropDaysBefore(cutoff);
  }
}
