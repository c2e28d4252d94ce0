package io.hookrelay.store;

/** The tenant already has as many webhooks as it may ({@link Quotas#maxWebhooksPerTenant}). */
public final class TooManyWebhooksException extends RuntimeException {
  public TooManyWebhooksException(int limit) {
    super(
        "the tenant already has " + limit + " webhooks, the most it may have", null, false, false);
  }
}
