package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.Version;
import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.metrics.RecentAttempts;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.hookrelay.webhook.EventCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractException;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /openapi.json} on each store (a subclass per store): the document is valid OpenAPI 3.1
 * (checked by vertx-openapi against the official OAS 3.1 schema), every route the real router
 * serves is in it, every operation in it is served (but for the {@link #NOT_YET_SERVED} list), and
 * the responses of real API calls match their schemas.
 */
@ExtendWith(VertxExtension.class)
public abstract class OpenApiTest {

  /**
   * Documented from docs/API.md but served by branches not merged yet. Once a route is served, this
   * test fails until it leaves the list.
   */
  static final Set<String> NOT_YET_SERVED = Set.of();

  private static TestServer server;
  private static AutoCloseable storeCleanup;
  private static Vertx vertx;
  private static JsonObject document;
  private static OpenAPIContract contract;
  private static ResponseValidator validator;

  /** Operations and statuses whose responses were checked: "operationId status". */
  private static final Set<String> checked = new ConcurrentSkipListSet<>();

  /**
   * Starts the server on the subclass's store; {@code cleanup} runs once it has stopped. The
   * validators, clients and receivers run on {@code vertx}, the class's from VertxExtension.
   */
  protected static void start(Vertx vertx, JsonObject storeOverrides, AutoCloseable cleanup) {
    OpenApiTest.vertx = vertx;
    storeCleanup = cleanup;
    server =
        TestServer.start(
            storeOverrides.mergeIn(
                new JsonObject().put("delivery", new JsonObject().put("maxRetries", 0)), true));
    Api.Response response = anonymous().get("/openapi.json").expect(200);
    assertThat(response.contentType()).startsWith("application/json");
    document = response.json();
    contract = OpenAPIContract.from(vertx, document).await();
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    storeCleanup.close();
  }

  @BeforeAll
  static void clearChecked() {
    checked.clear();
  }

  private static Api anonymous() {
    return new Api(vertx, server.port(), null);
  }

  @Test
  @DisplayName(
      "GET /openapi.json answers without a token: OpenAPI 3.1.0, this version, the bearer scheme")
  void served() {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("info").getString("version")).isEqualTo(Version.get());
    JsonObject bearer =
        document
            .getJsonObject("components")
            .getJsonObject("securitySchemes")
            .getJsonObject("bearerAuth");
    assertThat(bearer.getString("type")).isEqualTo("http");
    assertThat(bearer.getString("scheme")).isEqualTo("bearer");
    assertThat(document.getJsonArray("security"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray())));
  }

  @Test
  @DisplayName(
      "The validators are real: a document that breaks the OpenAPI 3.1 schema is refused, so are responses that break the document")
  void validatorsRefuse() {
    JsonObject attempt =
        new JsonObject()
            .put("cuid", "c000000000000000000000000")
            .put("deliveryCuid", "c000000000000000000000001")
            .put("webhookCuid", "c000000000000000000000002")
            .put("tenantCuid", "c000000000000000000000003")
            .put("eventCuid", "c000000000000000000000004")
            .put("event", "ReportPublished")
            .put("url", "http://127.0.0.1/x")
            .put("attempt", 1)
            .put("status", "succeeded")
            .put("statusCode", 200)
            .put("durationMs", 3)
            .put("error", null)
            .put("responseSnippet", "")
            .put("createdAt", "2026-12-01T00:00:00.000Z")
            .put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    JsonObject meta =
        new JsonObject()
            .put("limit", 25)
            .put("offset", 0)
            .put("totalResults", 1)
            .put("totalResultsCapped", false)
            .put("nextCursor", null);
    assertThat(validLog(attempt, meta)).as("a well-formed page").isTrue();
    assertThat(validLog(attempt.copy().put("secret", "x"), meta)).as("an unknown field").isFalse();
    assertThat(validLog(attempt.copy().put("traceId", "XYZ"), meta)).as("a bad trace id").isFalse();
    assertThat(validLog(attempt.copy().put("status", "done"), meta)).as("a bad status").isFalse();
    JsonObject noCursor = meta.copy();
    noCursor.remove("nextCursor");
    assertThat(validLog(attempt, noCursor)).as("a missing field").isFalse();

    JsonObject noInfo = document.copy();
    noInfo.remove("info");
    assertThatThrownBy(() -> OpenAPIContract.from(vertx, noInfo).await())
        .isInstanceOf(OpenAPIContractException.class)
        .hasMessageContaining("invalid");
    JsonObject badResponse = document.copy();
    badResponse
        .getJsonObject("paths")
        .getJsonObject("/api/internal/events")
        .getJsonObject("post")
        .getJsonObject("responses")
        .put("202", new JsonObject().put("content", "not an object"));
    assertThatThrownBy(() -> OpenAPIContract.from(vertx, badResponse).await())
        .isInstanceOf(OpenAPIContractException.class)
        .hasMessageContaining("invalid");
  }

  @Test
  @DisplayName(
      "Every route the router serves is documented, and every documented route is served (but the listed ones of unmerged branches)")
  void everyRouteDocumented() {
    Set<String> served = servedOperations();
    Set<String> documented = new TreeSet<>();
    contract
        .operations()
        .forEach(o -> documented.add(o.getHttpMethod().name() + " " + o.getOpenAPIPath()));

    assertThat(served).as("the router's routes").contains("POST /api/internal/events");
    assertThat(documented).as("served but not documented").containsAll(served);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served);
    assertThat(notServed)
        .as("documented but not served (update NOT_YET_SERVED when a route lands)")
        .isEqualTo(new TreeSet<>(NOT_YET_SERVED));
  }

  private static boolean validLog(JsonObject attempt, JsonObject meta) {
    JsonObject page = new JsonObject().put("data", new JsonArray().add(attempt)).put("meta", meta);
    ValidatableResponse response =
        ValidatableResponse.create(200, page.toBuffer(), "application/json");
    return validator.validate(response, "listAttempts").map(true).otherwise(false).await();
  }

  /** "METHOD /path/{param}" of every route with methods, as the real API verticle builds them. */
  private static Set<String> servedOperations() {
    HookrelayConfig config =
        HookrelayConfig.from(
            ConfigLoader.merge(ConfigLoader.defaults(), TestServer.testDefaults()));
    ApiVerticle api =
        new ApiVerticle(
            new ApiVerticle.Wiring(
                config,
                server.server().stores(),
                EventCatalog.defaults(),
                new SsrfGuard(true, List.of()),
                TestServer.ADMIN,
                () -> "",
                Map.of(),
                new RecentAttempts()));
    String id = server.server().vertx().deployVerticle(api).await();
    try {
      Set<String> out = new TreeSet<>();
      for (Route route : api.routes()) {
        if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
          continue; // handlers for every method (auth, body, headers), or regex routes
        }
        String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
        if (path.startsWith("/admin") || path.startsWith("/docs")) {
          continue; // the console's and the reference's files
        }
        route.methods().forEach(m -> out.add(m.name() + " " + path));
      }
      return out;
    } finally {
      server.server().vertx().undeploy(id).await();
    }
  }

  @Test
  @DisplayName(
      "The responses of real calls to every served operation match their documented schemas")
  void responsesMatchSchemas() {
    Api admin = server.admin();
    Receiver ok = Receiver.answering(vertx, 200);
    Receiver broken = Receiver.answering(vertx, 500);
    try (TenantClients tenants = new TenantClients(server);
        Api nobody = anonymous()) {
      // operations
      check(HttpMethod.GET, "/health", nobody.get("/health"));
      check(HttpMethod.HEAD, "/health", nobody.send(HttpMethod.HEAD, "/health", null));
      check(HttpMethod.GET, "/metrics", nobody.get("/metrics"));
      check(HttpMethod.GET, "/openapi.json", nobody.get("/openapi.json"));
      check(HttpMethod.GET, "/api/internal/webhooks", nobody.get("/api/internal/webhooks"));

      // tenants and tokens (admin)
      Api.Response tenant =
          check(
              HttpMethod.POST,
              "/api/internal/tenants",
              admin.post("/api/internal/tenants", new JsonObject().put("name", "OpenAPI")));
      String tenantCuid = tenant.expect(201).json().getString("cuid");
      check(
          HttpMethod.POST,
          "/api/internal/tenants",
          admin.post("/api/internal/tenants", new JsonObject().put("name", 5)));
      check(HttpMethod.POST, "/api/internal/tenants", admin.post("/api/internal/tenants", "{"));
      check(HttpMethod.GET, "/api/internal/tenants", admin.get("/api/internal/tenants"));
      check(
          HttpMethod.GET,
          "/api/internal/tenants",
          admin.get("/api/internal/tenants?page%5Bsize%5D=0"));
      String tenantPath = "/api/internal/tenants/" + tenantCuid;
      check(
          HttpMethod.PATCH,
          tenantPath,
          admin.patch(tenantPath, new JsonObject().put("webhooksEnabled", true)));
      check(
          HttpMethod.PATCH,
          "/api/internal/tenants/cnosuchtenant000000000000",
          admin.patch(
              "/api/internal/tenants/cnosuchtenant000000000000",
              new JsonObject().put("webhooksEnabled", true)));
      Api.Response minted =
          check(
              HttpMethod.POST,
              tenantPath + "/tokens",
              admin.post(tenantPath + "/tokens", new JsonObject()));
      check(HttpMethod.GET, tenantPath + "/tokens", admin.get(tenantPath + "/tokens"));
      String tokenCuid = minted.expect(201).json().getString("cuid");
      check(
          HttpMethod.DELETE,
          tenantPath + "/tokens/" + tokenCuid,
          admin.delete(tenantPath + "/tokens/" + tokenCuid));
      check(
          HttpMethod.DELETE,
          tenantPath + "/tokens/" + tokenCuid,
          admin.delete(tenantPath + "/tokens/" + tokenCuid));

      // a tenant's own calls
      TenantClient acme = tenants.create("Acme");
      Api api = acme.api();
      check(HttpMethod.GET, "/api/internal/tenants", api.get("/api/internal/tenants"));
      check(HttpMethod.GET, "/api/internal/webhookevents", api.get("/api/internal/webhookevents"));
      String okHook =
          check(
                  HttpMethod.POST,
                  "/api/internal/webhooks",
                  api.post("/api/internal/webhooks", webhook(ok.url("/ok"))))
              .expect(201)
              .json()
              .getString("cuid");
      String brokenHook =
          check(
                  HttpMethod.POST,
                  "/api/internal/webhooks",
                  api.post(
                      "/api/internal/webhooks",
                      webhook(broken.url("/broken")).put("secret", "s3cret")))
              .expect(201)
              .json()
              .getString("cuid");
      check(
          HttpMethod.POST,
          "/api/internal/webhooks",
          api.post("/api/internal/webhooks", new JsonObject().put("name", "")));
      check(HttpMethod.GET, "/api/internal/webhooks", api.get("/api/internal/webhooks"));
      String hookPath = "/api/internal/webhooks/" + okHook;
      check(HttpMethod.GET, hookPath, api.get(hookPath));
      check(
          HttpMethod.GET,
          "/api/internal/webhooks/cnosuchwebhook00000000000",
          api.get("/api/internal/webhooks/cnosuchwebhook00000000000"));
      check(HttpMethod.PATCH, hookPath, api.patch(hookPath, new JsonObject().put("name", "new")));
      check(
          HttpMethod.POST,
          "/api/internal/webhooks/test",
          api.post(
              "/api/internal/webhooks/test",
              new JsonObject().put("url", ok.url("/test")).put("sslVerification", true)));
      check(
          HttpMethod.POST,
          "/api/internal/webhooks/test",
          api.post("/api/internal/webhooks/test", new JsonObject()));

      JsonObject event =
          new JsonObject()
              .put("event", "ReportPublished")
              .put("targetCuid", "ctarget00000000000000000000");
      String eventCuid =
          check(HttpMethod.POST, "/api/internal/events", api.post("/api/internal/events", event))
              .expect(202)
              .json()
              .getString("eventCuid");
      JsonObject keyed = event.copy().put("id", "openapi-1");
      check(HttpMethod.POST, "/api/internal/events", api.post("/api/internal/events", keyed));
      check(
          HttpMethod.POST,
          "/api/internal/events",
          api.post("/api/internal/events", keyed).expect(200));
      check(
          HttpMethod.POST,
          "/api/internal/events",
          api.post("/api/internal/events", new JsonObject().put("event", "NoSuchEvent")));

      String log = "/api/internal/webhookslog";
      Wait.until(
          "the event's attempts are logged",
          () -> api.get(log + "?eventCuid=" + eventCuid).json().getJsonArray("data").size() == 2);
      check(HttpMethod.GET, log, api.get(log));
      check(HttpMethod.GET, log, api.get(log + "?limit=1&offset=1&status=failed"));
      check(HttpMethod.GET, log, api.get(log + "?status=maybe"));
      JsonObject failed =
          api.get(log + "?status=failed&webhookCuid=" + brokenHook)
              .json()
              .getJsonArray("data")
              .getJsonObject(0);
      JsonObject succeeded =
          api.get(log + "?status=succeeded&webhookCuid=" + okHook)
              .json()
              .getJsonArray("data")
              .getJsonObject(0);
      String retry = log + "/" + failed.getString("deliveryCuid") + "/retry";
      check(HttpMethod.POST, retry, api.post(retry, null).expect(202));
      String notFailed = log + "/" + succeeded.getString("deliveryCuid") + "/retry";
      check(HttpMethod.POST, notFailed, api.post(notFailed, null).expect(409));

      check(HttpMethod.GET, "/api/internal/stats", admin.get("/api/internal/stats"));
      check(HttpMethod.GET, "/api/internal/stats", api.get("/api/internal/stats"));
      check(
          HttpMethod.GET, "/api/internal/stats/webhooks", api.get("/api/internal/stats/webhooks"));
      check(
          HttpMethod.GET,
          "/api/internal/stats/webhooks",
          api.get("/api/internal/stats/webhooks?hours=0"));
      String rotate = "/api/internal/webhooks/" + brokenHook + "/secret/rotate";
      check(HttpMethod.POST, rotate, api.post(rotate, new JsonObject()).expect(200));
      check(
          HttpMethod.POST,
          rotate,
          api.post(rotate, new JsonObject().put("graceSeconds", -1)).expect(400));
      String recover = "/api/internal/webhooks/" + brokenHook + "/recover";
      check(
          HttpMethod.POST,
          recover,
          api.post(
                  recover,
                  new JsonObject()
                      .put("since", java.time.Instant.now().minusSeconds(3600).toString()))
              .expect(202));
      check(HttpMethod.POST, recover, api.post(recover, new JsonObject()).expect(400));
      check(HttpMethod.DELETE, hookPath, api.delete(hookPath));
      check(HttpMethod.DELETE, hookPath, api.delete(hookPath));
      check(HttpMethod.GET, "/api/internal/tenants", api.get("/api/internal/tenants"));
    } finally {
      ok.close();
      broken.close();
    }

    Set<String> served = servedOperations();
    Set<String> successes = new TreeSet<>();
    contract.operations().stream()
        .filter(o -> served.contains(o.getHttpMethod().name() + " " + o.getOpenAPIPath()))
        .forEach(o -> successes.add(o.getOperationId()));
    Set<String> seenOk = new TreeSet<>();
    checked.stream()
        .filter(
            c ->
                c.endsWith(" 200")
                    || c.endsWith(" 201")
                    || c.endsWith(" 202")
                    || c.endsWith(" 204"))
        .forEach(c -> seenOk.add(c.substring(0, c.indexOf(' '))));
    assertThat(seenOk).as("a success of every served operation was checked").isEqualTo(successes);
    assertThat(checked)
        .as("errors checked too")
        .contains(
            "listWebhooks 401",
            "createTenant 400",
            "listTenants 403",
            "getWebhook 404",
            "retryDelivery 409");
  }

  private static JsonObject webhook(String url) {
    return new JsonObject()
        .put("name", "hook")
        .put("url", url)
        .put("sslVerification", true)
        .put("events", new JsonArray().add("ReportPublished"))
        .put("enabled", true);
  }

  /**
   * The response's media type without parameters: the server says {@code application/json;
   * charset=utf-8}, which the document's {@code application/json} covers (OpenAPI matches media
   * types without their parameters), but vertx-openapi compares the whole header.
   */
  private static String mediaType(Api.Response r) {
    String type = r.contentType();
    assertThat(type).as("the Content-Type of a response with a body").isNotNull();
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
  }

  /** Validates the response against the operation of {@code method} and {@code path}. */
  private static Api.Response check(HttpMethod method, String pathAndQuery, Api.Response r) {
    String path = pathAndQuery.split("\\?")[0];
    Operation operation = contract.findOperation(path, method);
    assertThat(operation).as("the operation of %s %s", method, path).isNotNull();
    if (r.contentType() != null && mediaType(r).equals("text/plain")) {
      // vertx-openapi cannot validate a text body against a schema: the media type must be declared
      assertThat(operation.getResponse(r.status()).getContent()).containsKey("text/plain");
      checked.add(operation.getOperationId() + " " + r.status());
      return r;
    }
    ValidatableResponse response =
        r.body() == null || r.body().isEmpty()
            ? ValidatableResponse.create(r.status())
            : ValidatableResponse.create(r.status(), Buffer.buffer(r.body()), mediaType(r));
    try {
      validator.validate(response, operation.getOperationId()).await();
    } catch (RuntimeException e) {
      throw new AssertionError(
          method + " " + pathAndQuery + " answered " + r.status() + " " + r.body() + ": " + e, e);
    }
    checked.add(operation.getOperationId() + " " + r.status());
    return r;
  }
}
