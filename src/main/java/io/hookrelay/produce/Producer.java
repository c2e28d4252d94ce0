package io.hookrelay.produce;

import io.hookrelay.Addresses;
import io.hookrelay.cluster.Clustering;
import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Sends events to hookrelay over the clustered event bus, as any in-cluster JVM service can.
 *
 * <p>{@link #join} starts Vert.x clustered as a Hazelcast lite member: it joins hookrelay's cluster
 * (same cluster name, any listed member reachable) but holds no cluster data, so it can come and go
 * freely. A service already running clustered Vert.x skips this and only needs {@link #send}.
 *
 * <p>The message is the JSON of {@code POST /api/internal/events} plus {@code tenantCuid}. The
 * reply comes once the event and its deliveries are stored: {@code {"eventCuid", "deliveries",
 * "replayed"}}. A refusal is a {@link io.vertx.core.eventbus.ReplyException} whose {@code
 * failureCode()} is 400 (invalid event; the message lists the fields), 404 (unknown tenant) or 503
 * (the database could not take it; try again); no hookrelay node, or no reply in time, fail with
 * the {@code NO_HANDLERS} or {@code TIMEOUT} failure type.
 */
public final class Producer {

  /** hookrelay replies once the event is stored; its own HTTP API waits as long. */
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(30_000);

  private final Vertx vertx;

  private Producer(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Joins the cluster described by {@code cluster} (members, name, this host, event-bus TLS) as a
   * lite member. Beyond loopback without TLS (and without {@code insecure}) it fails before
   * anything binds.
   */
  public static Future<Producer> join(HookrelayConfig.Cluster cluster) {
    return Clustering.clustered(cluster, new VertxOptions(), true).map(Producer::new);
  }

  /** Sends one event for a tenant; the reply is the receipt. */
  public Future<JsonObject> send(String tenantCuid, JsonObject event) {
    JsonObject message = event.copy().put("tenantCuid", tenantCuid);
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.EVENTS, message, REQUEST)
        .map(Message::body);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}
