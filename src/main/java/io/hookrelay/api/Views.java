package io.hookrelay.api;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How resources look on the wire. A secret never appears: only {@code hasSecret}. */
final class Views {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Views() {}

  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  static JsonObject tenant(Tenant t) {
    return new JsonObject()
        .put("cuid", t.cuid())
        .put("name", t.name())
        .put("webhooksEnabled", t.webhooksEnabled())
        .put("createdAt", time(t.createdAt()));
  }

  /** A token as listed: never the token, never its hash. */
  static JsonObject token(ApiToken t) {
    return new JsonObject()
        .put("cuid", t.cuid())
        .put("prefix", t.prefix())
        .put("createdAt", time(t.createdAt()))
        .put("lastUsedAt", time(t.lastUsedAt()));
  }

  static JsonObject webhook(Webhook w) {
    return new JsonObject()
        .put("cuid", w.cuid())
        .put("tenantCuid", w.tenantCuid())
        .put("clientCuids", new JsonArray(w.clientCuids()))
        .put("name", w.name())
        .put("url", w.url())
        .put("sslVerification", w.sslVerification())
        .put("events", new JsonArray(w.events()))
        .put("enabled", w.enabled())
        .put("hasSecret", w.hasSecret())
        .put("disabledReason", w.disabledReason())
        .put("previousSecretExpiresAt", time(w.previousSecretExpiresAt(Instant.now())))
        .put("rateLimitPerSecond", w.controls().rateLimitPerSecond())
        .put("ordering", w.controls().ordering().wire())
        .put("createdAt", time(w.createdAt()))
        .put("updatedAt", time(w.updatedAt()));
  }

  static JsonObject attempt(Attempt a) {
    return new JsonObject()
        .put("cuid", a.cuid())
        .put("deliveryCuid", a.deliveryCuid())
        .put("webhookCuid", a.webhookCuid())
        .put("tenantCuid", a.tenantCuid())
        .put("eventCuid", a.eventCuid())
        .put("event", a.event())
        .put("url", a.url())
        .put("attempt", a.attempt())
        .put("status", a.status().wire())
        .put("statusCode", a.statusCode())
        .put("durationMs", a.durationMs())
        .put("error", a.error())
        .put("responseSnippet", a.responseSnippet())
        .put("createdAt", time(a.createdAt()))
        .put("traceId", a.traceId());
  }
}
