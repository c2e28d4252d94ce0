package io.hookrelay.webhook;

import java.time.Instant;

/**
 * An accepted event. {@code body} is the receiver envelope, encoded once as compact UTF-8 JSON and
 * sent unchanged to every webhook and on every attempt. {@code idempotencyKey} is the producer's
 * optional {@code id}.
 */
public record Event(
    String cuid,
    String tenantCuid,
    String idempotencyKey,
    String event,
    String clientCuid,
    byte[] body,
    Instant createdAt) {}
