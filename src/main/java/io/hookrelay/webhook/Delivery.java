package io.hookrelay.webhook;

import java.time.Instant;
import java.util.Locale;

/**
 * One event on its way to one webhook. {@code attempts} counts the attempts made so far; {@code
 * maxAttempts} is the first attempt plus the retries it may still have. {@code orderingKey} is set
 * only when the webhook orders its deliveries per key ({@code ordering: "perKey"}) and the event
 * has a key: deliveries of one key to one webhook then go one at a time, in accept order.
 */
public record Delivery(
    String cuid,
    String tenantCuid,
    String eventCuid,
    String webhookCuid,
    String event,
    Status status,
    int attempts,
    int maxAttempts,
    Instant nextAttemptAt,
    Instant createdAt,
    String orderingKey) {

  /** A delivery without an ordering key. */
  public Delivery(
      String cuid,
      String tenantCuid,
      String eventCuid,
      String webhookCuid,
      String event,
      Status status,
      int attempts,
      int maxAttempts,
      Instant nextAttemptAt,
      Instant createdAt) {
    this(
        cuid,
        tenantCuid,
        eventCuid,
        webhookCuid,
        event,
        status,
        attempts,
        maxAttempts,
        nextAttemptAt,
        createdAt,
        null);
  }

  public enum Status {
    PENDING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static Delivery pending(Event event, Webhook webhook, int maxRetries) {
    return pending(event, webhook.cuid(), maxRetries);
  }

  public static Delivery pending(Event event, String webhookCuid, int maxRetries) {
    return pending(event, webhookCuid, maxRetries, null);
  }

  /** A new delivery; {@code orderingKey} null for a webhook that does not order per key. */
  public static Delivery pending(
      Event event, String webhookCuid, int maxRetries, String orderingKey) {
    return new Delivery(
        Cuid.next(),
        event.tenantCuid(),
        event.cuid(),
        webhookCuid,
        event.event(),
        Status.PENDING,
        0,
        1 + maxRetries,
        event.createdAt(),
        event.createdAt(),
        orderingKey);
  }
}
