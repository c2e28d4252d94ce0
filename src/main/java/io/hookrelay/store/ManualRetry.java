package io.hookrelay.store;

import io.hookrelay.webhook.Delivery;

/** What {@link DeliveryQueue#retryNow} did with the delivery. */
public sealed interface ManualRetry
    permits ManualRetry.Queued, ManualRetry.NotFailed, ManualRetry.NotFound {

  NotFound NOT_FOUND = new NotFound();

  /** It had failed and is pending again, due now, with one more attempt allowed. */
  record Queued(Delivery delivery) implements ManualRetry {}

  /** It is pending, succeeded or cancelled, and was left as it is. */
  record NotFailed(Delivery.Status status) implements ManualRetry {}

  /** No such delivery of the tenant, or none kept any more. */
  record NotFound() implements ManualRetry {}
}
