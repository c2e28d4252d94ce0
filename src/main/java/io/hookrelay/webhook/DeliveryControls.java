package io.hookrelay.webhook;

import java.util.Locale;

/**
 * How deliveries to one webhook are paced (API.md "Per-webhook delivery controls"): {@code
 * rateLimitPerSecond} caps the attempts that start in any second (null: no cap), {@code ordering}
 * sends the deliveries of one ordering key one at a time, in accept order.
 */
public record DeliveryControls(Integer rateLimitPerSecond, Ordering ordering) {

  public static final int MAX_RATE = 100_000;

  /** No rate limit, no ordering: today's parallel delivery. */
  public static final DeliveryControls NONE = new DeliveryControls(null, Ordering.NONE);

  public enum Ordering {
    NONE("none"),
    PER_KEY("perKey");

    private final String wire;

    Ordering(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The ordering of this wire name, or null when there is none. */
    public static Ordering fromWire(String wire) {
      for (Ordering o : values()) {
        if (o.wire.equals(wire)) {
          return o;
        }
      }
      return null;
    }
  }

  public DeliveryControls {
    if (ordering == null) {
      ordering = Ordering.NONE;
    }
    if (rateLimitPerSecond != null && (rateLimitPerSecond < 1 || rateLimitPerSecond > MAX_RATE)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "rateLimitPerSecond %d out of range", rateLimitPerSecond));
    }
  }

  public boolean ordered() {
    return ordering == Ordering.PER_KEY;
  }

  /** Whether deliveries to the webhook wait for a rate budget or for their key's turn. */
  public boolean paced() {
    return rateLimitPerSecond != null || ordered();
  }

  public DeliveryControls withRate(Integer rate) {
    return new DeliveryControls(rate, ordering);
  }

  public DeliveryControls withOrdering(Ordering o) {
    return new DeliveryControls(rateLimitPerSecond, o);
  }
}
