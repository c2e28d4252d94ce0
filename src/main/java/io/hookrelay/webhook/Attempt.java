package io.hookrelay.webhook;

import java.time.Instant;
import java.util.Locale;

/**
 * One logged attempt to deliver. {@code statusCode} is null when no response came; {@code traceId}
 * is the W3C trace id the attempt's {@code traceparent} carried (null when it sent none).
 */
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
    Instant createdAt,
    String traceId) {

  /** An attempt without a trace. */
  public Attempt(
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
    this(
        cuid,
        deliveryCuid,
        webhookCuid,
        tenantCuid,
        eventCuid,
        event,
        url,
        attempt,
        status,
        statusCode,
        durationMs,
        error,
        responseSnippet,
        createdAt,
        null);
  }

  /** This attempt with the trace id its {@code traceparent} carried. */
  public Attempt withTraceId(String traceId) {
    return new Attempt(
        cuid,
        deliveryCuid,
        webhookCuid,
        tenantCuid,
        eventCuid,
        event,
        url,
        attempt,
        status,
        statusCode,
        durationMs,
        error,
        responseSnippet,
        createdAt,
        traceId);
  }

  public enum Status {
    SUCCEEDED,
    FAILED,
    RETRYING;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
      return wire;
    }

    public static Status fromWire(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }
}
