package io.hookrelay.store;

/**
 * What a producer is told about an accepted event; {@code replayed} when its id was seen before.
 * {@code handedOver} of its {@code deliveries} went straight to a dispatcher of this node ({@link
 * DeliveryQueue#register}); the others wait for a claim, so the dispatchers must be woken.
 */
public record Receipt(String eventCuid, int deliveries, boolean replayed, int handedOver) {

  public Receipt(String eventCuid, int deliveries, boolean replayed) {
    this(eventCuid, deliveries, replayed, 0);
  }

  /** Some deliveries wait in the store for a claim. */
  public boolean waiting() {
    return !replayed && deliveries > handedOver;
  }
}
