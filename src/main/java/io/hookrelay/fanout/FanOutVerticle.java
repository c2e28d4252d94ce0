package io.hookrelay.fanout;

import io.hookrelay.Addresses;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.store.QueueFullException;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.Stores;
import io.hookrelay.store.TooManyPendingException;
import io.hookrelay.store.UnstorableEventException;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.EventValidator;
import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Traceparent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: takes events from {@code hookrelay.events} (producers on the bus; checked here) and
 * from {@code hookrelay.events.checked} (the HTTP API, which checked them already), finds the
 * matching webhooks in the {@link SubscriptionIndex}, stores the event with one delivery per match
 * in one write, and only then replies. {@link IndexVerticle} keeps the index fresh. A {@code
 * traceparent} message header (W3C Trace Context) is kept with the event; without a valid one a new
 * trace starts here.
 */
public final class FanOutVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutVerticle.class);
  private static final long QUEUE_FULL_RETRY_MS = 20;
  private static final long QUEUE_FULL_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Stores stores;
  private final SubscriptionIndex index;
  private final EventValidator validator;
  private final Metrics metrics;
  private final int maxRetries;
  private final Duration idempotencyWindow;
  private boolean wakeScheduled;

  public FanOutVerticle(
      Stores stores,
      SubscriptionIndex index,
      EventValidator validator,
      Metrics metrics,
      int maxRetries,
      Duration idempotencyWindow) {
    this.stores = stores;
    this.index = index;
    this.validator = validator;
    this.metrics = metrics;
    this.maxRetries = maxRetries;
    this.idempotencyWindow = idempotencyWindow;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return Future.all(
        bus.consumer(Addresses.EVENTS, this::route).completion(),
        bus.<JsonObject>localConsumer(Addresses.EVENTS_CHECKED, m -> accept(m, m.body()))
            .completion(),
        bus.localConsumer(
                Addresses.FANOUT_HEALTH,
                m -> m.reply(new JsonObject().put("webhooks", index.size())))
            .completion());
  }

  private void route(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.fail(400, "the event must be a JSON object");
      return;
    }
    List<FieldError> errors = validator.validate(Plain.map(body));
    if (!errors.isEmpty()) {
      message.fail(
          400,
          errors.stream()
              .map(e -> e.field() + " " + e.message())
              .collect(Collectors.joining("; ")));
      return;
    }
    accept(message, body);
  }

  /** Stores a valid event with its deliveries, then answers the producer. */
  private void accept(Message<?> message, JsonObject body) {
    long arrived = System.nanoTime();
    tenant(body.getString("tenantCuid"))
        .compose(tenant -> store(tenant, body, message.headers().get(Traceparent.HEADER)))
        .onSuccess(
            receipt -> {
              metrics.eventStored(System.nanoTime() - arrived);
              metrics.eventAccepted(receipt.replayed());
              message.reply(
                  new JsonObject()
                      .put("eventCuid", receipt.eventCuid())
                      .put("deliveries", receipt.deliveries())
                      .put("replayed", receipt.replayed()));
              if (receipt.waiting()) {
                wakeDispatchers();
              }
            })
        .onFailure(e -> refuse(message, e));
  }

  /**
   * The failure code of an event that was not stored: 404 unknown tenant, 429 its tenant has too
   * many deliveries pending, 400 the store cannot hold one of its values, else 503.
   */
  private static void refuse(Message<?> message, Throwable e) {
    if (e instanceof UnknownTenant) {
      message.fail(404, e.getMessage());
    } else if (e instanceof TooManyPendingException) {
      message.fail(429, e.getMessage());
    } else if (e instanceof UnstorableEventException) {
      LOG.warn("an event was refused by the store: {}", e.getMessage());
      message.fail(400, e.getMessage());
    } else {
      LOG.warn("storing an event failed: {}", e.getMessage());
      message.fail(
          503,
          e instanceof QueueFullException
              ? "the delivery queue is full; try again shortly"
              : "the event could not be stored");
    }
  }

  private Future<Receipt> store(Tenant tenant, JsonObject body, String traceparent) {
    String name = body.getString("event");
    String clientCuid = body.getString("clientCuid");
    List<SubscriptionIndex.Subscription> targets =
        tenant.webhooksEnabled() ? index.matches(tenant.cuid(), name, clientCuid) : List.of();
    String cuid = Cuid.next();
    Instant now = Instant.now();
    Event event =
        new Event(
            cuid,
            tenant.cuid(),
            body.getString("id"),
            name,
            clientCuid,
            Envelope.encode(cuid, body),
            now,
            Traceparent.atIngest(traceparent));
    String orderingKey = orderingKey(body);
    List<Delivery> deliveries =
        targets.stream()
            .map(
                w ->
                    Delivery.pending(event, w.cuid(), maxRetries, w.ordered() ? orderingKey : null))
            .toList();
    return acceptWhenRoom(
        event,
        deliveries,
        now.minus(idempotencyWindow),
        System.nanoTime() + QUEUE_FULL_PATIENCE_NANOS);
  }

  /**
   * The key that orders the event's deliveries to {@code perKey} webhooks: its {@code orderingKey},
   * else its {@code targetCuid}; null (unordered) when it has neither.
   */
  static String orderingKey(JsonObject body) {
    String key = body.getString("orderingKey");
    return key != null ? key : body.getString("targetCuid");
  }

  /**
   * Stores the event; while the queue is full, tries again every few milliseconds for a while, so
   * producers slow down to the speed of delivery instead of memory growing. Then gives up (503).
   */
  private Future<Receipt> acceptWhenRoom(
      Event event, List<Delivery> deliveries, Instant since, long deadline) {
    return stores
        .events()
        .accept(event, deliveries, since)
        .recover(
            e -> {
              if (!(e instanceof QueueFullException) || System.nanoTime() > deadline) {
                return Future.failedFuture(e);
              }
              return vertx
                  .timer(QUEUE_FULL_RETRY_MS, TimeUnit.MILLISECONDS)
                  .compose(v -> acceptWhenRoom(event, deliveries, since, deadline));
            });
  }

  /**
   * Wakes the dispatchers once per millisecond at most, not once per event: each wake-up is a
   * message to every delivery verticle on other threads.
   */
  private void wakeDispatchers() {
    if (!wakeScheduled) {
      wakeScheduled = true;
      vertx.setTimer(
          1,
          id -> {
            wakeScheduled = false;
            vertx.eventBus().publish(Addresses.DELIVERIES_READY, null);
          });
    }
  }

  /** The tenant from the index, loaded from the store the first time. */
  private Future<Tenant> tenant(String tenantCuid) {
    Tenant known = index.tenant(tenantCuid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return stores
        .tenants()
        .get(tenantCuid)
        .map(
            t -> {
              Tenant tenant = t.orElseThrow(() -> new UnknownTenant(tenantCuid));
              index.putTenant(tenant);
              return tenant;
            });
  }

  /** An event for a tenant that does not exist. */
  private static final class UnknownTenant extends RuntimeException {
    UnknownTenant(String tenantCuid) {
      super("unknown tenant " + tenantCuid, null, false, false);
    }
  }
}
