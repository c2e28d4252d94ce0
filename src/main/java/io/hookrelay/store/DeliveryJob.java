package io.hookrelay.store;

import java.time.Instant;

/**
 * A claimed delivery with everything needed to send it: the webhook's target and secret and the
 * event's encoded body. {@code attempt} is the number of the attempt about to be made (1 = first).
 * {@code previousSecret} signs too, until {@code previousSecretExpiresAt}, after a secret rotation
 * (both null otherwise). {@code notBeforeMillis} (epoch milliseconds, 0 for none) is the start its
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
    long notBeforeMillis) {

  /** A job that may start at once. */
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
        0);
  }

  @Override
  public String toString() {
    return "DeliveryJob[" + deliveryCuid + " attempt " + attempt + " to " + url + "]";
  }
}
