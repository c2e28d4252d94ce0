package io.hookrelay.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook. {@code secret} is write-only towards clients: it is used to sign and never
 * rendered. {@code consecutiveFailures} counts deliveries that exhausted their retries in a row.
 * {@code controls} paces its deliveries (rate limit, per-key ordering).
 */
public record Webhook(
    String cuid,
    String tenantCuid,
    List<String> clientCuids,
    String name,
    String url,
    boolean sslVerification,
    List<String> events,
    boolean enabled,
    String secret,
    String disabledReason,
    int consecutiveFailures,
    Instant createdAt,
    Instant updatedAt,
    DeliveryControls controls) {

  public Webhook {
    clientCuids = ClientCuids.of(clientCuids);
    events = List.copyOf(events);
    controls = controls == null ? DeliveryControls.NONE : controls;
  }

  /** A webhook without delivery controls. */
  public Webhook(
      String cuid,
      String tenantCuid,
      List<String> clientCuids,
      String name,
      String url,
      boolean sslVerification,
      List<String> events,
      boolean enabled,
      String secret,
      String disabledReason,
      int consecutiveFailures,
      Instant createdAt,
      Instant updatedAt) {
    this(
        cuid,
        tenantCuid,
        clientCuids,
        name,
        url,
        sslVerification,
        events,
        enabled,
        secret,
        disabledReason,
        consecutiveFailures,
        createdAt,
        updatedAt,
        DeliveryControls.NONE);
  }

  public boolean hasSecret() {
    return secret != null;
  }

  /**
   * Whether an event of this name for this client should reach the webhook. The client is looked up
   * in a hash set ({@link ClientCuids}), so the cost does not grow with the list.
   */
  public boolean matches(String event, String clientCuid) {
    return enabled
        && events.contains(event)
        && (clientCuids.isEmpty() || (clientCuid != null && clientCuids.contains(clientCuid)));
  }

  public Webhook disabled(String reason, Instant now) {
    return new Webhook(
        cuid,
        tenantCuid,
        clientCuids,
        name,
        url,
        sslVerification,
        events,
        false,
        secret,
        reason,
        consecutiveFailures,
        createdAt,
        now,
        controls);
  }

  public Webhook withConsecutiveFailures(int failures) {
    return new Webhook(
        cuid,
        tenantCuid,
        clientCuids,
        name,
        url,
        sslVerification,
        events,
        enabled,
        secret,
        disabledReason,
        failures,
        createdAt,
        updatedAt,
        controls);
  }

  @Override
  public String toString() {
    return "Webhook[" + cuid + " " + url + " secret=" + (secret == null ? "none" : "***") + "]";
  }
}
