package io.hookrelay.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The API's description, no token needed: {@code GET /openapi.json} (OpenAPI 3.1, a static document
 * in the jar, {@code io/hookrelay/api/openapi.json}) and a browsable reference at {@code /docs/}:
 * Swagger UI from the {@code org.webjars:swagger-ui} jar, started by our own page and initializer
 * so that it shows this server's document and fetches nothing from anywhere else. Every response
 * under {@code /docs/} carries a Content-Security-Policy that lets the browser load from this
 * server only.
 */
final class DocsRoutes {

  static final String SPEC = "io/hookrelay/api/openapi.json";

  /** Swagger UI draws with inline styles and data: images; scripts and fetches stay same-origin. */
  static final String CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " frame-ancestors 'none'";

  private DocsRoutes() {}

  static void mount(Router router) {
    router.get("/openapi.json").handler(DocsRoutes::spec);
    router.getWithRegex("^/docs$").handler(DocsRoutes::redirect);
    router.headWithRegex("^/docs$").handler(DocsRoutes::redirect);
    router.route("/docs/*").handler(DocsRoutes::secure);
    // our page and initializer first; the rest (/docs/<version>/…) from the WebJar
    router
        .route("/docs/*")
        .handler(
            StaticHandler.create("io/hookrelay/api/docs")
                .setAlwaysAsyncFS(true)
                .setDirectoryListing(false)
                .setIndexPage("index.html"));
    router
        .route("/docs/*")
        .handler(
            StaticHandler.create("META-INF/resources/webjars/swagger-ui")
                .setAlwaysAsyncFS(true)
                .setDirectoryListing(false));
  }

  private static void spec(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, Json.CONTENT_TYPE)
        .sendFile(SPEC)
        .onFailure(ctx::fail);
  }

  private static void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static void redirect(RoutingContext ctx) {
    ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/docs/").end();
  }
}
