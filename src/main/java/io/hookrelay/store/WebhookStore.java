package io.hookrelay.store;

import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

  /**
   * Applies {@code change} to the tenant's webhook as it is at the moment of writing, in one step,
   * and returns the result; empty when it does not exist. A change made since the caller read the
   * webhook (an auto-disable, a failure streak) is kept unless {@code change} itself alters it.
   */
  Future<Optional<Webhook>> update(
      String tenantCuid, String webhookCuid, UnaryOperator<Webhook> change);

  /** Deletes the webhook and cancels its pending deliveries; false when it did not exist. */
  Future<Boolean> delete(String tenantCuid, String webhookCuid);
}
