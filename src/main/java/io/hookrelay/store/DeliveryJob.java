package io.hookrelay.store;

import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
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

  /**
   * The next attempt of delivery {@code d} of {@code event} to its webhook's target: URL, secret,
   * TLS setting and, during a rotation's grace period, the previous secret (else both null).
   */
  public static DeliveryJob nextAttempt(
      Delivery d,
      Event event,
      String url,
      String secret,
      boolean sslVerification,
      String previousSecret,
      Instant previousSecretExpiresAt,
      long notBeforeMillis) {
    return new DeliveryJob(
        d.cuid(),
        d.tenantCuid(),
        d.eventCuid(),
        d.webhookCuid(),
        d.event(),
        d.attempts() + 1,
        d.maxAttempts(),
        url,
        secret,
        sslVerification,
        event.body(),
        previousSecret,
        previousSecretExpiresAt,
        event.traceparent(),
        notBeforeMillis);
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
