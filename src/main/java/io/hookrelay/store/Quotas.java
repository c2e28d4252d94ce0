package io.hookrelay.store;

/**
 * What one tenant may hold, so that one tenant cannot starve the others: at most {@code
 * maxWebhooksPerTenant} webhooks, and new deliveries only while fewer than {@code
 * maxPendingDeliveriesPerTenant} of its deliveries are pending. Both stores enforce both.
 */
public record Quotas(int maxWebhooksPerTenant, int maxPendingDeliveriesPerTenant) {

  /** No limits: for tests of other things. */
  public static final Quotas NONE = new Quotas(Integer.MAX_VALUE, Integer.MAX_VALUE);

  public Quotas {
    if (maxWebhooksPerTenant < 1 || maxPendingDeliveriesPerTenant < 1) {
      throw new IllegalArgumentException("quotas must be at least 1");
    }
  }
}
