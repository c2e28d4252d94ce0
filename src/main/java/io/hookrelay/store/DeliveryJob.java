package io.hookrelay.store;

/**
 * A claimed delivery with everything needed to send it: the webhook's target and secret and the
 * event's encoded body. {@code attempt} is the number of the attempt about to be made (1 = first).
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
    byte[] body) {

  @Override
  public String toString() {
    return "DeliveryJob[" + deliveryCuid + " attempt " + attempt + " to " + url + "]";
  }
}
