package io.hookrelay.api;

import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.metrics.RecentAttempts;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.EventCatalog;
import io.hookrelay.webhook.EventValidator;
import io.hookrelay.webhook.WebhookValidator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The HTTP API: routes to one handler class per resource, one failure handler for all. */
public final class ApiVerticle extends VerticleBase {

  private static final String API = "/api/internal";

  /** What the API needs from the rest of the process. */
  public record Wiring(
      HookrelayConfig config,
      Stores stores,
      EventCatalog catalog,
      SsrfGuard guard,
      String adminToken,
      Supplier<String> metrics,
      Map<String, Supplier<Future<JsonObject>>> extraHealth,
      RecentAttempts recent) {}

  private final Wiring w;
  private HttpServer server;

  public ApiVerticle(Wiring wiring) {
    this.w = wiring;
  }

  @Override
  public Future<?> start() {
    HookrelayConfig.Http http = w.config().http();
    Deadlines deadlines = new Deadlines(vertx, http.requestTimeoutMs(), http.idleTimeoutSeconds());
    Router router = router();
    server =
        vertx
            .createHttpServer(options(http))
            .connectionHandler(deadlines::opened)
            .invalidRequestHandler(Failures::invalidRequest)
            .requestHandler(
                request -> {
                  deadlines.received(request);
                  router.handle(request);
                });
    return server.listen(http.port(), http.host());
  }

  /**
   * What one connection may hold: HTTP/1.1 only (no cleartext HTTP/2, whose streams would let one
   * connection carry many bodies at once), so one request at a time, with a request line of at most
   * 4 KiB, headers of at most 8 KiB and a body of at most {@code limits.maxBodyBytes}; idle
   * connections close after {@code http.idleTimeoutSeconds}.
   */
  static HttpServerOptions options(HookrelayConfig.Http http) {
    return new HttpServerOptions()
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(4096)
        .setMaxHeaderSize(8192)
        .setIdleTimeout(http.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  private Router router() {
    EventBus bus = vertx.eventBus();
    AddressResolver resolver = new AddressResolver(vertx, w.guard());
    ChangeNotices notices = new ChangeNotices(bus);
    TenantsHandler tenants = new TenantsHandler(w.stores().tenants(), notices);
    WebhooksHandler webhooks =
        new WebhooksHandler(w.stores(), new WebhookValidator(w.catalog()), resolver, notices);
    EventsHandler events =
        new EventsHandler(w.stores().tenants(), new EventValidator(w.catalog()), bus);
    DeliveryLogHandler log = new DeliveryLogHandler(w.stores(), bus);
    WebhookTestHandler test =
        new WebhookTestHandler(
            w.stores().tenants(), resolver, bus, w.config().delivery().timeoutMs());
    SecretRotationHandler rotation = new SecretRotationHandler(w.stores(), notices);
    RecoverHandler recovery =
        new RecoverHandler(
            w.stores(), bus, w.config().retention().days(), w.config().delivery().maxRetries());
    HealthHandler health = new HealthHandler(w.stores(), bus, w.extraHealth());
    StatsHandler stats = new StatsHandler(w.stores(), w.recent());

    Router router = Router.router(vertx);
    router.get("/health").handler(health::check);
    router.head("/health").handler(health::check);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(w.metrics().get()));
    ConsoleRoutes.mount(router);
    TokenUse tokenUse = new TokenUse(vertx.sharedData().getLocalMap("hookrelay.tokenUse"));
    router.route("/api/*").handler(new Auth(w.stores().tenants(), w.adminToken(), tokenUse));
    router.route("/api/*").handler(new BodyReader(w.config().maxBodyBytes()));
    router.route("/api/*").handler(new QueryText());

    router.post(API + "/tenants").handler(tenants::create);
    router.get(API + "/tenants").handler(tenants::list);
    router.get(API + "/stats").handler(stats::live);
    router.get(API + "/stats/webhooks").handler(stats::webhooks);
    router.patch(API + "/tenants/:tenantCuid").handler(tenants::update);
    router.post(API + "/tenants/:tenantCuid/tokens").handler(tenants::mintToken);
    router.get(API + "/tenants/:tenantCuid/tokens").handler(tenants::listTokens);
    router.delete(API + "/tenants/:tenantCuid/tokens/:tokenCuid").handler(tenants::revokeToken);
    router.get(API + "/webhookevents").handler(ctx -> Json.send(ctx, 200, catalog()));
    router.post(API + "/webhooks/test").handler(test::test);
    router.post(API + "/webhooks").handler(webhooks::create);
    router.get(API + "/webhooks").handler(webhooks::list);
    router.get(API + "/webhooks/:webhookCuid").handler(webhooks::get);
    router.patch(API + "/webhooks/:webhookCuid").handler(webhooks::update);
    router.delete(API + "/webhooks/:webhookCuid").handler(webhooks::delete);
    router.post(API + "/webhooks/:webhookCuid/secret/rotate").handler(rotation::rotate);
    router.post(API + "/webhooks/:webhookCuid/recover").handler(recovery::recover);
    router.post(API + "/events").handler(events::accept);
    router.get(API + "/webhookslog").handler(log::list);
    router.post(API + "/webhookslog/:deliveryCuid/retry").handler(log::retry);

    router.route().failureHandler(Failures::handle);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, Failures::handle);
    }
    return router;
  }

  private JsonObject catalog() {
    JsonArray data = new JsonArray();
    w.catalog()
        .all()
        .forEach(
            t ->
                data.add(
                    new JsonObject()
                        .put("event", t.event())
                        .put("targetType", t.targetType())
                        .put("description", t.description())));
    return new JsonObject().put("data", data);
  }
}
