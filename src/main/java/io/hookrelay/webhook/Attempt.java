package io.hookrelay.webhook;

import java.time.Instant;
import java.util.Locale;

/** One logged attempt to deliver. {@code statusCode} is null when no response came. */
public record Attempt(
    String cuid,
    String deliveryCuid,
    String webhookCuid,
    String tenantCuid,
    String eventCuid,
    String event,
    String url,
    int attempt,
    Status status,
    Integer statusCode,
    long durationMs,
    String error,
    String responseSnippet,
    Instant createdAt) {

  public enum Status {
    SUCCEEDED,
    FAILED,
    RETRYING;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWire(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }
}
