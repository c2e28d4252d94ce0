package io.hookrelay.store;

import java.time.Instant;

/**
 * A claimed delivery with everything needed to send it: the webhook's target and secret and the
 * event's encoded body. {@code attempt} is the number of the attempt about to be made (1 = first).
 * {@code previousSecret} signs too, until {@code previousSecretExpiresAt}, after a secret rotation
 * (both null otherwise). {@code traceparent} is the event's trace context (null for events stored
 * before tracing). {@code notBeforeMillis} (epoch milliseconds, 0 for none) is the start its
 * webhook's rate limit gave it: the attempt must not start earlier.
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
    String traceparent,
    long notBeforeMillis) {

  /** A job without a previous secret or trace context, that may start at once. */
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
      byte[] body) {
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
        null,
        null,
        null,
        0);
  }

  /** The same job, not to start before {@code epochMillis} (its rate-limit slot). */
  public DeliveryJob notBefore(long epochMillis) {
    return new DeliveryJob(
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
        traceparent,
        epochMillis);
  }

  @Override
  public String toString() {
    return "DeliveryJob[" + deliveryCuid + " attempt " + attempt + " to " + url + "]";
  }
}
