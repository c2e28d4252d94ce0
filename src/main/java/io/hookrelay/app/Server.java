package io.hookrelay.app;

import io.hookrelay.Version;
import io.hookrelay.api.ApiVerticle;
import io.hookrelay.cluster.Clustering;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.delivery.DeliveryVerticle;
import io.hookrelay.fanout.FanOutVerticle;
import io.hookrelay.fanout.IndexVerticle;
import io.hookrelay.fanout.SubscriptionIndex;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.metrics.RecentAttempts;
import io.hookrelay.security.DnsOptions;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.security.Tokens;
import io.hookrelay.store.Quotas;
import io.hookrelay.store.Stores;
import io.hookrelay.store.memory.MemoryBounds;
import io.hookrelay.store.memory.MemoryStores;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.EventCatalog;
import io.hookrelay.webhook.EventType;
import io.hookrelay.webhook.EventValidator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hookrelay: Vert.x, the store chosen by config, the subscription index, and the
 * verticles (router, one delivery verticle per event loop, API). {@link #stop()} drains and closes.
 */
public final class Server {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final Vertx vertx;
  private final Stores stores;
  private final String adminToken;
  private final int port;

  /**
   * Whether the store keeps what is pending across a restart (PostgreSQL does, memory does not).
   */
  private final boolean durable;

  private Server(Vertx vertx, Stores stores, String adminToken, int port, boolean durable) {
    this.vertx = vertx;
    this.stores = stores;
    this.adminToken = adminToken;
    this.port = port;
    this.durable = durable;
  }

  public static Future<Server> start(HookrelayConfig config) {
    // One event loop per core: every verticle kind runs one instance per event loop, and more
    // loops than cores only adds context switches on a busy machine.
    VertxOptions options =
        new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors());
    return Clustering.vertx(config, options)
        .compose(
            vertx ->
                start(vertx, config)
                    .recover(e -> vertx.close().transform(v -> Future.failedFuture(e))));
  }

  private static Future<Server> start(Vertx vertx, HookrelayConfig config) {
    String node = Cuid.next();
    Metrics metrics = new Metrics();
    RecentAttempts recent = new RecentAttempts();
    EventCatalog catalog =
        new EventCatalog(
            config.extraEvents().stream()
                .map(e -> new EventType(e.event(), e.targetType(), e.description()))
                .toList());
    SsrfGuard guard =
        new SsrfGuard(
            config.ssrf().allowPrivateNetworks(),
            config.ssrf().allowedHosts(),
            new DnsOptions(config.ssrf().dnsServers(), config.ssrf().dnsTimeoutMs()));
    String adminToken = adminToken(config);
    SubscriptionIndex index = new SubscriptionIndex();
    int eventLoops = Runtime.getRuntime().availableProcessors();
    int deliveryInstances =
        config.delivery().instances() > 0 ? config.delivery().instances() : eventLoops;
    String userAgent = "hookrelay/" + Version.get();
    vertx.eventBus().registerCodec(new LocalJsonCodec());

    return stores(vertx, config, node, metrics)
        .map(s -> s.withAttempts(new RecordingAttemptLog(s.attempts(), recent)))
        .compose(
            stores ->
                stores
                    .webhooks()
                    .all()
                    .map(
                        all -> {
                          index.putAll(all);
                          LOG.info(
                              "store {} ready, {} webhooks loaded",
                              config.store().type(),
                              all.size());
                          return stores;
                        }))
        .compose(
            stores -> {
              EventValidator validator = new EventValidator(catalog);
              Duration window = Duration.ofHours(config.idempotencyWindowHours());
              // one index keeper per process, then one router per event loop
              return deploy(vertx, () -> new IndexVerticle(stores, index), 1)
                  .compose(
                      v ->
                          deploy(
                              vertx,
                              () ->
                                  new FanOutVerticle(
                                      stores,
                                      index,
                                      validator,
                                      metrics,
                                      config.delivery().maxRetries(),
                                      window),
                              eventLoops))
                  .compose(
                      v ->
                          deploy(
                              vertx,
                              () ->
                                  new DeliveryVerticle(
                                      config.delivery(), stores, guard, metrics, node, userAgent),
                              deliveryInstances))
                  .compose(
                      v ->
                          deployApi(
                              vertx,
                              config,
                              new ApiVerticle.Wiring(
                                  config,
                                  stores,
                                  catalog,
                                  guard,
                                  adminToken,
                                  metrics::scrape,
                                  Clustering.health(vertx),
                                  recent),
                              eventLoops))
                  .map(
                      port -> {
                        LOG.info("listening on port {}", port);
                        Housekeeping.start(vertx, config, stores, metrics, index);
                        return new Server(
                            vertx, stores, adminToken, port, config.store().isPostgres());
                      });
            });
  }

  private static Future<Stores> stores(
      Vertx vertx, HookrelayConfig config, String node, Metrics metrics) {
    HookrelayConfig.Store store = config.store();
    Quotas quotas =
        new Quotas(
            config.limits().maxWebhooksPerTenant(),
            config.limits().maxPendingDeliveriesPerTenant());
    if (!store.isPostgres()) {
      if (quotas.maxPendingDeliveriesPerTenant() >= store.maxPendingDeliveries()) {
        LOG.info(
            "limits.maxPendingDeliveriesPerTenant ({}) is not below store.memory.maxPendingDeliveries"
                + " ({}): one tenant can fill the memory queue and make every tenant wait",
            quotas.maxPendingDeliveriesPerTenant(),
            store.maxPendingDeliveries());
      }
      MemoryBounds bounds =
          new MemoryBounds(
              store.maxLoggedAttempts(),
              store.maxPendingDeliveries(),
              store.maxFailedDeliveries(),
              store.maxIdempotencyKeys());
      return Future.succeededFuture(MemoryStores.create(bounds, quotas, metrics::memoryDropped));
    }
    return PostgresBoot.start(vertx, store.postgres(), node, quotas);
  }

  /**
   * Deploys the API, one instance per core sharing the port. With port 0 (any free port) a single
   * instance is deployed: Vert.x cannot share a port that is not known before binding.
   */
  private static Future<Integer> deployApi(
      Vertx vertx, HookrelayConfig config, ApiVerticle.Wiring wiring, int instances) {
    ApiVerticle first = new ApiVerticle(wiring);
    return vertx
        .deployVerticle(first)
        .compose(
            id ->
                config.http().port() == 0 || instances <= 1
                    ? Future.succeededFuture(first.port())
                    : deploy(vertx, () -> new ApiVerticle(wiring), instances - 1)
                        .map(first.port()));
  }

  private static Future<Void> deploy(
      Vertx vertx, Supplier<io.vertx.core.Deployable> verticle, int instances) {
    return vertx
        .deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .mapEmpty();
  }

  private static String adminToken(HookrelayConfig config) {
    if (config.adminToken() != null) {
      return config.adminToken();
    }
    String token = Tokens.newToken();
    LOG.info("no auth.adminToken configured; generated admin token (shown once): {}", token);
    return token;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  public String adminToken() {
    return adminToken;
  }

  public Stores stores() {
    return stores;
  }

  /**
   * Undeploys every verticle (delivery drains and hands back its claims), says what a memory store
   * drops, closes the store, leaves the cluster.
   */
  public Future<Void> stop() {
    List<Future<?>> undeployed = new ArrayList<>();
    vertx.deploymentIDs().forEach(id -> undeployed.add(vertx.undeploy(id)));
    return Future.join(undeployed)
        .eventually(this::reportDropped)
        .eventually(
            () -> {
              stores.close();
              return vertx.close();
            })
        .mapEmpty();
  }

  /**
   * The memory store keeps nothing across a restart: once delivery has stopped and handed back its
   * claims, every delivery still pending is dropped with it, and the log says how many.
   */
  private Future<Void> reportDropped() {
    if (durable) {
      return Future.succeededFuture();
    }
    return stores
        .queue()
        .pendingCount()
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.warn(
                    "memory store: {} pending deliveries dropped at shutdown (not sent; the memory"
                        + " store keeps nothing across a restart)",
                    n);
              } else {
                LOG.info("memory store: no pending delivery dropped at shutdown");
              }
            })
        .mapEmpty();
  }
}
