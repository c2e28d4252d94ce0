package io.hookrelay.store;

/** How a webhook's attempts of a period ended: one count per attempt status. */
public record WebhookCounts(String webhookCuid, long succeeded, long failed, long retrying) {

  public long attempts() {
    return succeeded + failed + retrying;
  }
}
