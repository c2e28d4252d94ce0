package io.hookrelay.store;

import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Webhooks, always scoped by tenant for client-facing calls. */
public interface WebhookStore {

  Future<Webhook> create(Webhook webhook);

  Future<Optional<Webhook>> get(String tenantCuid, String webhookCuid);

  /** Any tenant's webhook by cuid, for the subscription index and the dispatcher. */
  Future<Optional<Webhook>> find(String webhookCuid);

  /** Newest first. */
  Future<Page<Webhook>> list(String tenantCuid, int offset, int limit);

  /** Every webhook of every tenant, for loading the subscription index at start. */
  Future<List<Webhook>> all();

  /** Replaces the webhook of the same tenant and cuid; empty when it does not exist. */
  Future<Optional<Webhook>> update(Webhook webhook);

  /** Deletes the webhook and cancels its pending deliveries; false when it did not exist. */
  Future<Boolean> delete(String tenantCuid, String webhookCuid);
}
