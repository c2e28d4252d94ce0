package io.hookrelay.api;

import io.hookrelay.metrics.RecentAttempts;
import io.hookrelay.metrics.RecentAttempts.Point;
import io.hookrelay.store.Stores;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/internal/stats}: what the admin console's overview draws. The live figures are this
 * process's attempts of the last five minutes; the per-webhook counts come from the attempt log.
 */
final class StatsHandler {

  private final Stores stores;
  private final RecentAttempts recent;

  StatsHandler(Stores stores, RecentAttempts recent) {
    this.stores = stores;
    this.recent = recent;
  }

  /** Admin without {@code tenantCuid}: the whole process and the store's backlog; else a tenant. */
  void live(RoutingContext ctx) {
    Auth.Principal who = Auth.principal(ctx);
    if (who.admin() && ctx.request().getParam("tenantCuid") == null) {
      stores
          .queue()
          .pendingCount()
          .onSuccess(backlog -> Json.send(ctx, 200, live(who, null, recent.all(), backlog)))
          .onFailure(ctx::fail);
      return;
    }
    Auth.actingTenant(ctx, stores.tenants())
        .onSuccess(t -> Json.send(ctx, 200, live(who, t, recent.tenant(t.cuid()), null)))
        .onFailure(ctx::fail);
  }

  /** The tenant's attempts of the last {@code hours} (1–168, default 24) per webhook. */
  void webhooks(RoutingContext ctx) {
    int hours = hours(ctx);
    Instant since = Instant.now().minus(Duration.ofHours(hours));
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(t -> stores.attempts().countsByWebhook(t.cuid(), since))
        .onSuccess(counts -> Json.send(ctx, 200, webhooks(counts, hours, since)))
        .onFailure(ctx::fail);
  }

  private static int hours(RoutingContext ctx) {
    String raw = ctx.request().getParam("hours");
    if (raw == null) {
      return 24;
    }
    try {
      int hours = Integer.parseInt(raw);
      if (hours >= 1 && hours <= 168) {
        return hours;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.validation("hours", "must be a whole number from 1 to 168");
  }

  private static JsonObject live(
      Auth.Principal who, Tenant tenant, RecentAttempts.Window window, Long backlog) {
    JsonArray series = new JsonArray();
    window.points().forEach(p -> series.add(point(p)));
    Point minute = window.lastMinute();
    JsonObject last =
        point(minute)
            .put("attempts", minute.attempts())
            .put("attemptsPerSecond", minute.attempts() / 60.0)
            .put("successRate", rate(minute.succeeded(), minute.attempts()));
    return new JsonObject()
        .put("principal", who.admin() ? "admin" : "tenant")
        .put("scope", tenant == null ? "process" : "tenant")
        .put("tenant", tenant == null ? null : Views.tenant(tenant))
        .put("generatedAt", Views.time(Instant.now()))
        .put("bucketSeconds", RecentAttempts.BUCKET_SECONDS)
        .put("series", series)
        .put("lastMinute", last)
        .put("backlog", backlog);
  }

  private static JsonObject point(Point p) {
    return new JsonObject()
        .put("at", Views.time(p.at()))
        .put("succeeded", p.succeeded())
        .put("failed", p.failed())
        .put("retrying", p.retrying())
        .put("p95Ms", p.p95Ms());
  }

  private static JsonObject webhooks(List<WebhookCounts> counts, int hours, Instant since) {
    JsonArray data = new JsonArray();
    counts.forEach(
        c ->
            data.add(
                new JsonObject()
                    .put("webhookCuid", c.webhookCuid())
                    .put("attempts", c.attempts())
                    .put("succeeded", c.succeeded())
                    .put("failed", c.failed())
                    .put("retrying", c.retrying())
                    .put("successRate", rate(c.succeeded(), c.attempts()))));
    return new JsonObject()
        .put("data", data)
        .put("meta", new JsonObject().put("hours", hours).put("since", Views.time(since)));
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }
}
