package io.hookrelay;

/** Every event-bus address hookrelay uses. */
public final class Addresses {

  /** Producers send events here (request/reply); the reply is the 202 body. */
  public static final String EVENTS = "hookrelay.events";

  /**
   * Local only: events the HTTP API has already validated, sent as they are (no copy) with the
   * {@link #LOCAL_CODEC} codec. Same reply as {@link #EVENTS}.
   */
  public static final String EVENTS_CHECKED = "hookrelay.events.checked";

  /**
   * The name of the event-bus codec that hands a JSON object to a local consumer without copying
   * it.
   */
  public static final String LOCAL_CODEC = "hookrelay.local";

  /**
   * Published when a webhook is created, changed, disabled or deleted; body {@code
   * {"webhookCuid"}}.
   */
  public static final String WEBHOOK_CHANGED = "hookrelay.webhooks.changed";

  /** Published when a tenant's {@code webhooksEnabled} changes; body {@code {"tenantCuid"}}. */
  public static final String TENANT_CHANGED = "hookrelay.tenants.changed";

  /**
   * Request/reply, local only: refresh this node's subscription index for {@code {"webhookCuid"}}
   * or {@code {"tenantCuid"}} and answer once done, so the API can reply after its change is live.
   */
  public static final String INDEX_REFRESH = "hookrelay.index.refresh";

  /** Published locally when new deliveries are due, to wake idle dispatchers. */
  public static final String DELIVERIES_READY = "hookrelay.deliveries.ready";

  /**
   * {@code POST /webhooks/test}: one test delivery, sent now by a delivery verticle (local only).
   */
  public static final String WEBHOOK_TEST = "hookrelay.webhooks.test";

  /** Health pings answered by the router and the delivery verticles (local only). */
  public static final String FANOUT_HEALTH = "hookrelay.health.fanout";

  public static final String DELIVERY_HEALTH = "hookrelay.health.delivery";

  private Addresses() {}
}
