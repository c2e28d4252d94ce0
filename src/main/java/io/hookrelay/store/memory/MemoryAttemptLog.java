package io.hookrelay.store.memory;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Page;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The attempt log in a list, oldest first by createdAt; listings walk it from the end. Only the
 * newest {@code maxEntries} attempts are kept, so a long benchmark cannot fill the heap.
 */
final class MemoryAttemptLog implements AttemptLog {

  private final List<Attempt> attempts = new ArrayList<>();
  private final int maxEntries;

  MemoryAttemptLog(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized Future<Void> append(List<Attempt> batch) {
    // batches from several delivery verticles interleave: keep the list in createdAt order
    for (Attempt a : batch) {
      int at = attempts.size();
      while (at > 0 && attempts.get(at - 1).createdAt().isAfter(a.createdAt())) {
        at--;
      }
      attempts.add(at, a);
    }
    if (attempts.size() > maxEntries + maxEntries / 4) {
      attempts.subList(0, attempts.size() - maxEntries).clear();
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Page<Attempt>> list(AttemptQuery q) {
    Predicate<Attempt> match =
        a ->
            (q.tenantCuid() == null || q.tenantCuid().equals(a.tenantCuid()))
                && (q.webhookCuid() == null || q.webhookCuid().equals(a.webhookCuid()))
                && (q.status() == null || q.status().equals(a.status().wire()))
                && (q.event() == null || q.event().equals(a.event()));
    List<Attempt> page = new ArrayList<>();
    long total = 0;
    for (int i = attempts.size() - 1; i >= 0; i--) {
      Attempt a = attempts.get(i);
      if (match.test(a)) {
        if (total >= q.offset() && page.size() < q.limit()) {
          page.add(a);
        }
        total++;
      }
    }
    return Future.succeededFuture(new Page<>(page, total));
  }

  @Override
  public synchronized Future<List<WebhookCounts>> countsByWebhook(
      String tenantCuid, Instant since) {
    Map<String, long[]> counts = new TreeMap<>();
    for (int i = attempts.size() - 1; i >= 0; i--) {
      Attempt a = attempts.get(i);
      if (a.createdAt().isBefore(since)) {
        break;
      }
      if (a.webhookCuid() != null && tenantCuid.equals(a.tenantCuid())) {
        counts.computeIfAbsent(a.webhookCuid(), k -> new long[3])[a.status().ordinal()]++;
      }
    }
    List<WebhookCounts> out = new ArrayList<>();
    counts.forEach((cuid, c) -> out.add(new WebhookCounts(cuid, c[0], c[1], c[2])));
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<Integer> purgeBefore(Instant cutoff, int batch) {
    int n = 0;
    while (n < batch && n < attempts.size() && attempts.get(n).createdAt().isBefore(cutoff)) {
      n++;
    }
    attempts.subList(0, n).clear();
    return Future.succeededFuture(n);
  }
}
