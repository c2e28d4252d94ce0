package io.hookrelay.webhook;

import java.time.Instant;
import java.util.Locale;

/**
 * One event on its way to one webhook. {@code attempts} counts the attempts made so far; {@code
 * maxAttempts} is the first attempt plus the retries it may still have.
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
    Instant createdAt) {

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
        event.createdAt());
  }
}
