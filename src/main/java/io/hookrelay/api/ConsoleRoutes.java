package io.hookrelay.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The admin console: the static files under {@code console/} in the jar, served at {@code /admin/}
 * with a strict Content-Security-Policy on every response there (errors included), revalidated by
 * the browser on each use. The console talks to the public API only.
 */
final class ConsoleRoutes {

  static final String CSP = "default-src 'self'";

  private ConsoleRoutes() {}

  static void mount(Router router) {
    router.routeWithRegex("^/admin(/.*)?$").handler(ConsoleRoutes::secure);
    router.getWithRegex("^/admin$").handler(ConsoleRoutes::redirect);
    router.headWithRegex("^/admin$").handler(ConsoleRoutes::redirect);
    router
        .route("/admin/*")
        .handler(
            StaticHandler.create("console")
                .setCachingEnabled(true)
                .setAlwaysAsyncFS(true)
                .setDirectoryListing(false)
                .setIndexPage("index.html"));
  }

  private static void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    // The files are not fingerprinted: a browser keeps them but asks each time whether they
    // changed (Last-Modified, answered 304), so an upgraded server never runs stale scripts.
    ctx.addHeadersEndHandler(v -> ctx.response().putHeader("Cache-Control", "no-cache"));
    ctx.next();
  }

  private static void redirect(RoutingContext ctx) {
    ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/admin/").end();
  }
}
