package io.hookrelay.store.pg;

import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.DeliveryQueue;
import io.hookrelay.store.EventStore;
import io.hookrelay.store.Quotas;
import io.hookrelay.store.Stores;
import io.hookrelay.store.TenantStore;
import io.hookrelay.store.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store: migrates the schema, then builds one pool for the whole process and one
 * LISTEN connection that wakes the dispatchers when deliveries become due.
 */
public final class PgStores {

  private static final Logger LOG = LoggerFactory.getLogger(PgStores.class);

  /**
   * A caller queued behind a full pool waits this long for a connection (the database may be away).
   */
  public static final int DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

  /**
   * Callers allowed to wait for a connection per pooled connection; beyond that a query fails at
   * once.
   */
  public static final int DEFAULT_WAIT_QUEUE_PER_CONNECTION = 512;

  public static final long DEFAULT_HEALTH_TIMEOUT_MS = 3_000;

  /** The LISTEN connection retries after 100 ms, doubling up to this, for as long as it takes. */
  public static final long DEFAULT_MAX_RECONNECT_DELAY_MS = 5_000;

  private PgStores() {}

  /**
   * Migrates the database, then opens the pool and the subscriber.
   *
   * @param nodeId names this process's connections ({@code application_name})
   * @param onDeliveriesReady called (on an event loop) when deliveries were added or handed back,
   *     and after the LISTEN connection came back, as notices may have been missed
   */
  public static Future<Stores> create(
      Vertx vertx, HookrelayConfig.Postgres config, String nodeId, Runnable onDeliveriesReady) {
    return create(vertx, config, nodeId, Quotas.NONE, onDeliveriesReady);
  }

  /** As above, enforcing the per-tenant {@code quotas}. */
  public static Future<Stores> create(
      Vertx vertx,
      HookrelayConfig.Postgres config,
      String nodeId,
      Quotas quotas,
      Runnable onDeliveriesReady) {
    PgConnectOptions connect = connectOptions(config, "hookrelay " + nodeId);
    return vertx
        .executeBlocking(() -> PgMigrations.migrate(connect))
        .compose(
            migrated -> {
              Pool pool =
                  PgBuilder.pool()
                      .with(poolOptions(config, "hookrelay-pg"))
                      .connectingTo(connect)
                      .using(vertx)
                      .build();
              Pool loop =
                  PgBuilder.pool()
                      .with(poolOptions(config, "hookrelay-pg-delivery"))
                      .connectingTo(withoutWaitingForDisk(connect))
                      .using(vertx)
                      .build();
              PgSubscriber subscriber =
                  subscriber(
                      vertx,
                      connectOptions(config, "hookrelay listen " + nodeId),
                      onDeliveriesReady);
              return subscriber
                  .connect()
                  .recover(
                      err ->
                          Future.all(pool.close(), loop.close())
                              .transform(ignored -> Future.failedFuture(err)))
                  .map(v -> stores(vertx, pool, loop, subscriber, quotas))
                  .compose(stores -> prepareLog(stores).map(stores));
            });
  }

  /**
   * The day partitions of the log for today and the next days, before anything is logged (the
   * housekeeping timer keeps them ahead from then on).
   */
  private static Future<Void> prepareLog(Stores stores) {
    return stores
        .attempts()
        .prepareUntil(Instant.now().plus(Duration.ofDays(AttemptLog.PREPARE_DAYS_AHEAD)))
        .recover(
            e -> {
              stores.close();
              return Future.failedFuture(e);
            });
  }

  static PgConnectOptions connectOptions(HookrelayConfig.Postgres config, String applicationName) {
    PgConnectOptions options =
        PgConnectOptions.fromUri(config.url())
            .setPipeliningLimit(config.pipeliningLimit())
            .setCachePreparedStatements(true);
    Map<String, String> properties = new HashMap<>(options.getProperties());
    properties.put("application_name", applicationName);
    return options.setProperties(properties);
  }

  /**
   * The same connection, committing without waiting for the disk ({@code synchronous_commit =
   * off}): for the writes of the delivery loop, which the at-least-once rule already covers. Should
   * PostgreSQL itself crash, the last few hundred milliseconds of claims, outcomes and log entries
   * may be lost; those deliveries are then sent again, never lost. Accepting an event, and every
   * change made through the API, stays on the pool that waits for the disk.
   */
  static PgConnectOptions withoutWaitingForDisk(PgConnectOptions connect) {
    PgConnectOptions options = new PgConnectOptions(connect);
    Map<String, String> properties = new HashMap<>(options.getProperties());
    properties.put("synchronous_commit", "off");
    properties.put("application_name", properties.get("application_name") + " delivery");
    return options.setProperties(properties);
  }

  private static PoolOptions poolOptions(HookrelayConfig.Postgres config, String name) {
    return new PoolOptions()
        .setName(name)
        .setMaxSize(config.poolSize())
        .setMaxWaitQueueSize(config.poolSize() * DEFAULT_WAIT_QUEUE_PER_CONNECTION)
        .setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT_MS)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  private static PgSubscriber subscriber(
      Vertx vertx, PgConnectOptions options, Runnable onDeliveriesReady) {
    AtomicBoolean lost = new AtomicBoolean();
    PgSubscriber subscriber =
        PgSubscriber.subscriber(vertx, options)
            .reconnectPolicy(
                retries -> {
                  long delay =
                      Math.min(DEFAULT_MAX_RECONNECT_DELAY_MS, 100L << Math.min(retries, 10));
                  if (lost.compareAndSet(false, true)) {
                    LOG.warn(
                        "LISTEN connection to PostgreSQL lost; reconnecting, first in {} ms",
                        delay);
                  } else {
                    LOG.debug("LISTEN connection: retry {} in {} ms", retries + 1, delay);
                  }
                  return delay;
                });
    subscriber
        .channel(Sql.DELIVERIES_CHANNEL)
        .subscribeHandler(
            v -> {
              PgConnection connection = subscriber.actualConnection();
              if (connection != null) {
                // without a handler the client prints the stack trace of a dropped connection to
                // stderr
                connection.exceptionHandler(
                    err -> LOG.debug("LISTEN connection failed: {}", err.getMessage()));
              }
              if (lost.compareAndSet(true, false)) {
                LOG.info("LISTEN connection to PostgreSQL is back");
              }
              onDeliveriesReady.run(); // notices sent while it was away are lost: look now
            })
        .handler(payload -> onDeliveriesReady.run());
    return subscriber;
  }

  private static Stores stores(
      Vertx vertx, Pool pool, Pool loop, PgSubscriber subscriber, Quotas quotas) {
    HandOver handOver = new HandOver();
    PgQueue queue = new PgQueue(pool, loop, handOver);
    Stores.HealthCheck health =
        () ->
            pool.query("SELECT 1")
                .execute()
                .<Void>mapEmpty()
                .timeout(DEFAULT_HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    AutoCloseable closer =
        () -> {
          subscriber.close();
          pool.close();
          loop.close();
        };
    return new Stores(
        PgErrors.atBoundary(TenantStore.class, new PgTenantStore(pool)),
        PgErrors.atBoundary(
            WebhookStore.class, new PgWebhookStore(pool, quotas.maxWebhooksPerTenant())),
        PgErrors.atBoundary(
            EventStore.class,
            new PgEventStore(
                pool, handOver, new Notifier(vertx, pool), quotas.maxPendingDeliveriesPerTenant())),
        PgErrors.atBoundary(DeliveryQueue.class, queue),
        PgErrors.atBoundary(AttemptLog.class, new PgAttemptLog(pool, loop)),
        health,
        closer);
  }
}
