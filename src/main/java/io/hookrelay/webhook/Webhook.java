package io.hookrelay.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook. {@code secret} is write-only towards clients: it is used to sign and never
 * rendered. {@code consecutiveFailures} counts deliveries that exhausted their retries in a row.
 * After a secret rotation {@code previousSecret} still signs, beside {@code secret}, until {@code
 * previousSecretExpiresAt} (both null when there is none); it is as write-only as {@code secret}.
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
    String previousSecret,
    Instant previousSecretExpiresAt,
    DeliveryControls controls) {

  public Webhook {
    clientCuids = ClientCuids.of(clientCuids);
    events = List.copyOf(events);
    if (previousSecret == null || previousSecretExpiresAt == null) {
      previousSecret = null;
      previousSecretExpiresAt = null;
    }
    controls = controls == null ? DeliveryControls.NONE : controls;
  }

  /** A webhook without a previous secret and without delivery controls. */
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
        null,
        null,
        DeliveryControls.NONE);
  }

  /** When the previous secret stops signing, or null when none signs at {@code now} any more. */
  public Instant previousSecretExpiresAt(Instant now) {
    return previousSecretExpiresAt != null && previousSecretExpiresAt.isAfter(now)
        ? previousSecretExpiresAt
        : null;
  }

  /**
   * The webhook signing with {@code newSecret} from now on; the secret it had signs too until
   * {@code previousUntil} (a rotation's grace period; a previous secret older than that is
   * dropped). Without a current secret, or with a grace period that ends at once, there is no
   * previous one.
   */
  public Webhook rotated(String newSecret, Instant previousUntil, Instant now) {
    boolean keepOld = secret != null && previousUntil.isAfter(now);
    return new Webhook(
        cuid,
        tenantCuid,
        clientCuids,
        name,
        url,
        sslVerification,
        events,
        enabled,
        newSecret,
        disabledReason,
        consecutiveFailures,
        createdAt,
        now,
        keepOld ? secret : null,
        keepOld ? previousUntil : null,
        controls);
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
        previousSecret,
        previousSecretExpiresAt,
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
        previousSecret,
        previousSecretExpiresAt,
        controls);
  }

  @Override
  public String toString() {
    return "Webhook["
        + cuid
        + " "
        + url
        + " secret="
        + (secret == null ? "none" : "***")
        + (previousSecret == null ? "" : " previousSecret=*** until " + previousSecretExpiresAt)
        + "]";
  }
}
