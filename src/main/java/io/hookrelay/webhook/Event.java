package io.hookrelay.webhook;

import java.time.Instant;

/**
 * An accepted event. {@code body} is the receiver envelope, encoded once as compact UTF-8 JSON and
 * sent unchanged to every webhook and on every attempt. {@code idempotencyKey} is the producer's
 * optional {@code id}. {@code traceparent} is the W3C trace context of its ingest ({@link
 * Traceparent#atIngest}), null for events stored before tracing existed.
 */
public record Event(
    String cuid,
    String tenantCuid,
    String idempotencyKey,
    String event,
    String clientCuid,
    byte[] body,
    Instant createdAt,
    String traceparent) {

  /** An event without trace context. */
  public Event(
      String cuid,
      String tenantCuid,
      String idempotencyKey,
      String event,
      String clientCuid,
      byte[] body,
      Instant createdAt) {
    this(cuid, tenantCuid, idempotencyKey, event, clientCuid, body, createdAt, null);
  }
}
