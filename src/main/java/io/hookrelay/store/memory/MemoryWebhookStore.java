package io.hookrelay.store.memory;

import io.hookrelay.store.Page;
import io.hookrelay.store.TooManyWebhooksException;
import io.hookrelay.store.WebhookStore;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

final class MemoryWebhookStore implements WebhookStore {

  private static final Comparator<Webhook> NEWEST_FIRST =
      Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::cuid).reversed();

  private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
  private final int maxPerTenant;
  private MemoryQueue queue;

  MemoryWebhookStore(int maxPerTenant) {
    this.maxPerTenant = maxPerTenant;
  }

  void attach(MemoryQueue queue) {
    this.queue = queue;
  }

  /** Synchronized, so two creates cannot both take a tenant's last free place. */
  @Override
  public synchronized Future<Webhook> create(Webhook webhook) {
    long mine =
        webhooks.values().stream().filter(w -> w.tenantCuid().equals(webhook.tenantCuid())).count();
    if (mine >= maxPerTenant) {
      return Future.failedFuture(new TooManyWebhooksException(maxPerTenant));
    }
    webhooks.put(webhook.cuid(), webhook);
    return Future.succeededFuture(webhook);
  }

  @Override
  public Future<Optional<Webhook>> get(String tenantCuid, String webhookCuid) {
    return Future.succeededFuture(
        Optional.ofNullable(webhooks.get(webhookCuid))
            .filter(w -> w.tenantCuid().equals(tenantCuid)));
  }

  @Override
  public Future<Optional<Webhook>> find(String webhookCuid) {
    return Future.succeededFuture(Optional.ofNullable(webhooks.get(webhookCuid)));
  }

  @Override
  public Future<Page<Webhook>> list(String tenantCuid, int offset, int limit) {
    List<Webhook> mine =
        webhooks.values().stream()
            .filter(w -> w.tenantCuid().equals(tenantCuid))
            .sorted(NEWEST_FIRST)
            .toList();
    List<Webhook> page = mine.stream().skip(offset).limit(limit).toList();
    return Future.succeededFuture(new Page<>(page, mine.size()));
  }

  @Override
  public Future<List<Webhook>> all() {
    return Future.succeededFuture(new ArrayList<>(webhooks.values()));
  }

  @Override
  public Future<Optional<Webhook>> update(
      String tenantCuid, String webhookCuid, UnaryOperator<Webhook> change) {
    Webhook[] changed = {null};
    webhooks.computeIfPresent(
        webhookCuid,
        (k, current) -> {
          if (!current.tenantCuid().equals(tenantCuid)) {
            return current;
          }
          changed[0] = change.apply(current);
          return changed[0];
        });
    return Future.succeededFuture(Optional.ofNullable(changed[0]));
  }

  @Override
  public Future<Boolean> delete(String tenantCuid, String webhookCuid) {
    Webhook w = webhooks.get(webhookCuid);
    if (w == null || !w.tenantCuid().equals(tenantCuid) || !webhooks.remove(webhookCuid, w)) {
      return Future.succeededFuture(false);
    }
    queue.cancelForWebhook(webhookCuid);
    return Future.succeededFuture(true);
  }

  Webhook current(String webhookCuid) {
    return webhooks.get(webhookCuid);
  }

  /** Changes the webhook in one atomic step; returns it as changed, null when there is none. */
  Webhook change(String webhookCuid, UnaryOperator<Webhook> change) {
    return webhooks.computeIfPresent(webhookCuid, (k, w) -> change.apply(w));
  }
}
