package io.hookrelay.store;

/**
 * The event's tenant already has as many pending deliveries as it may ({@link
 * Quotas#maxPendingDeliveriesPerTenant}): the event was not stored. Other tenants are not affected;
 * this one may try again once some of its deliveries are done.
 */
public final class TooManyPendingException extends RuntimeException {
  public TooManyPendingException(int limit) {
    super(
        "the tenant has "
            + limit
            + " or more deliveries pending, the most it may have; try again shortly",
        null,
        false,
        false);
  }
}
