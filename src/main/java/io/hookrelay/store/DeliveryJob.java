package io.hookrelay.store;

import java.time.Instant;

/**
 * A claimed delivery with everything needed to send it: the webhook's target and secret and the
 * event's encoded body. {@code attempt} is the number of the attempt about to be made (1 = first).
 * {@code previousSecret} signs too, until {@code previousSecretExpiresAt}, after a secret rotation
 * (both null otherwise). {@code traceparent} is the event's trace context (null for events stored
 * before tracing).
 */
public record DeliveryJob(
    String deliveryCuid,
    String tenantCuid,
    String eventCuid,
    String webhookCuid,
    String event,
    int attempt,
    int maxAttempts,
    String url,
    String secret,
    boolean sslVerification,
    byte[] body,
    String previousSecret,
    Instant previousSecretExpiresAt,
    String traceparent) {

  /** A job whose event has no trace context. */
  public DeliveryJob(
      String deliveryCuid,
      String tenantCuid,
      String eventCuid,
      String webhookCuid,
      String event,
      int attempt,
      int maxAttempts,
      String url,
      String secret,
      boolean sslVerification,
      byte[] body,
      String previousSecret,
      Instant previousSecretExpiresAt) {
    this(
        deliveryCuid,
        tenantCuid,
        eventCuid,
        webhookCuid,
        event,
        attempt,
        maxAttempts,
        url,
        secret,
        sslVerification,
        body,
        previousSecret,
        previousSecretExpiresAt,
        null);
  }

  @Override
  public String toString() {
    return "DeliveryJob[" + deliveryCuid + " attempt " + attempt + " to " + url + "]";
  }
}
