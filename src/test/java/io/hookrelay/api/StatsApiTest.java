package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.error;
import static io.hookrelay.api.ApiBodies.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/internal/stats} and {@code /stats/webhooks}: what the console's overview draws.
 */
class StatsApiTest {

  private static final String STATS = "/api/internal/stats";
  private static final String PER_WEBHOOK = "/api/internal/stats/webhooks";

  /** No retries: an attempt answered 500 ends the delivery failed at once. */
  @RegisterExtension
  static final SharedServer shared =
      new SharedServer(new JsonObject().put("delivery", new JsonObject().put("maxRetries", 0)));

  @Test
  @DisplayName(
      "The admin without tenantCuid gets the whole process: 59 buckets of 5 s, the last minute, and the store's backlog")
  void processWide() {
    JsonObject s = shared.server().admin().get(STATS).expect(200).json();

    assertThat(s.getString("principal")).isEqualTo("admin");
    assertThat(s.getString("scope")).isEqualTo("process");
    assertThat(s.getValue("tenant")).isNull();
    assertThat(s.getInteger("bucketSeconds")).isEqualTo(5);
    assertThat(s.getJsonArray("series")).hasSize(59);
    assertThat(s.getJsonArray("series").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("at", "succeeded", "failed", "retrying", "p95Ms");
    assertThat(s.getJsonObject("lastMinute").fieldNames())
        .contains("attempts", "attemptsPerSecond", "successRate", "p95Ms");
    assertThat(s.getLong("backlog")).isNotNull().isGreaterThanOrEqualTo(0);
  }

  @Test
  @DisplayName(
      "A tenant token gets its own tenant's figures and no backlog; the admin gets the same with ?tenantCuid=; another tenant's cuid is a 404")
  void tenantScoped() {
    TenantClient acme = shared.tenant("Acme");
    TenantClient globex = shared.tenant("Globex");

    JsonObject own = acme.api().get(STATS).expect(200).json();
    JsonObject asAdmin =
        shared.server().admin().get(STATS + "?tenantCuid=" + acme.cuid()).expect(200).json();

    assertThat(own.getString("principal")).isEqualTo("tenant");
    assertThat(own.getString("scope")).isEqualTo("tenant");
    assertThat(own.getJsonObject("tenant").getString("cuid")).isEqualTo(acme.cuid());
    assertThat(own.getJsonObject("tenant").getString("name")).isEqualTo("Acme");
    assertThat(own.getValue("backlog")).isNull();
    assertThat(asAdmin.getString("principal")).isEqualTo("admin");
    assertThat(asAdmin.getString("scope")).isEqualTo("tenant");
    assertThat(asAdmin.getJsonObject("tenant").getString("cuid")).isEqualTo(acme.cuid());
    error(acme.api().get(STATS + "?tenantCuid=" + globex.cuid()), 404, "not_found");
    try (Api anonymous = shared.server().as(null)) {
      error(anonymous.get(STATS), 401, "unauthorized");
    }
  }

  @Test
  @DisplayName(
      "Deliveries show up in their own tenant's last minute and per-webhook counts only; test sends are not counted")
  void countsDeliveries() {
    TenantClient acme = shared.tenant("Acme");
    TenantClient globex = shared.tenant("Globex");
    try (Receiver ok = Receiver.answering(200);
        Receiver broken = Receiver.answering(500)) {
      String acmeHook = hook(acme, ok.url("/a"));
      String globexHook = hook(globex, broken.url("/g"));
      for (int i = 0; i < 3; i++) {
        event(acme);
      }
      event(globex);
      acme.api()
          .post(
              "/api/internal/webhooks/test",
              new JsonObject().put("url", ok.url("/t")).put("sslVerification", true))
          .expect(200);

      JsonObject a = lastMinuteOnce(acme, 3);
      JsonObject g = lastMinuteOnce(globex, 1);

      assertThat(a.getLong("succeeded")).isEqualTo(3);
      assertThat(a.getLong("failed")).isZero();
      assertThat(a.getDouble("successRate")).isEqualTo(1.0);
      assertThat(a.getLong("p95Ms")).isNotNull();
      assertThat(g.getLong("failed")).isEqualTo(1);
      assertThat(g.getLong("succeeded")).isZero();
      assertThat(g.getDouble("successRate")).isEqualTo(0.0);
      JsonObject all = shared.server().admin().get(STATS).expect(200).json();
      assertThat(all.getJsonObject("lastMinute").getLong("succeeded")).isGreaterThanOrEqualTo(3);
      assertThat(
              all.getJsonArray("series").stream()
                  .mapToLong(p -> ((JsonObject) p).getLong("failed"))
                  .sum())
          .isGreaterThanOrEqualTo(1);

      JsonArray acmeCounts = acme.api().get(PER_WEBHOOK).expect(200).json().getJsonArray("data");
      JsonArray globexCounts =
          shared
              .server()
              .admin()
              .get(PER_WEBHOOK + "?tenantCuid=" + globex.cuid() + "&hours=1")
              .expect(200)
              .json()
              .getJsonArray("data");
      assertThat(acmeCounts)
          .containsExactly(
              new JsonObject()
                  .put("webhookCuid", acmeHook)
                  .put("attempts", 3)
                  .put("succeeded", 3)
                  .put("failed", 0)
                  .put("retrying", 0)
                  .put("successRate", 1.0));
      assertThat(globexCounts).hasSize(1);
      assertThat(globexCounts.getJsonObject(0).getString("webhookCuid")).isEqualTo(globexHook);
      assertThat(globexCounts.getJsonObject(0).getLong("failed")).isEqualTo(1);
      assertThat(globexCounts.getJsonObject(0).getDouble("successRate")).isEqualTo(0.0);
    }
  }

  @Test
  @DisplayName(
      "Per-webhook counts take hours 1–168; the admin must name the tenant; a tenant with webhooks off gets 403")
  void perWebhookInput() {
    TenantClient acme = shared.tenant("Acme");

    JsonObject meta =
        acme.api().get(PER_WEBHOOK + "?hours=168").expect(200).json().getJsonObject("meta");

    assertThat(meta.getInteger("hours")).isEqualTo(168);
    assertThat(meta.getString("since")).matches(ApiBodies.ISO_MILLIS);
    invalid(acme.api().get(PER_WEBHOOK + "?hours=0"), "hours");
    invalid(acme.api().get(PER_WEBHOOK + "?hours=169"), "hours");
    invalid(acme.api().get(PER_WEBHOOK + "?hours=day"), "hours");
    invalid(shared.server().admin().get(PER_WEBHOOK), "tenantCuid");
    shared
        .server()
        .admin()
        .patch(
            "/api/internal/tenants/" + acme.cuid(), new JsonObject().put("webhooksEnabled", false))
        .expect(200);
    error(acme.api().get(PER_WEBHOOK), 403, "webhooks_disabled");
  }

  private static String hook(TenantClient tenant, String url) {
    return tenant
        .api()
        .post(
            "/api/internal/webhooks",
            new JsonObject()
                .put("name", "hook")
                .put("url", url)
                .put("sslVerification", true)
                .put("events", new JsonArray().add("ReportPublished"))
                .put("enabled", true))
        .expect(201)
        .json()
        .getString("cuid");
  }

  private static void event(TenantClient tenant) {
    tenant
        .api()
        .post(
            "/api/internal/events",
            new JsonObject()
                .put("event", "ReportPublished")
                .put("targetType", "report")
                .put("targetCuid", "crep1"))
        .expect(202);
  }

  /** The tenant's last minute, once it holds at least {@code attempts} attempts. */
  private static JsonObject lastMinuteOnce(TenantClient tenant, long attempts) {
    JsonObject[] last = new JsonObject[1];
    Wait.until(
        "the attempts are in a complete 5-second bucket",
        Duration.ofSeconds(30),
        () -> {
          last[0] = tenant.api().get(STATS).expect(200).json().getJsonObject("lastMinute");
          return last[0].getLong("attempts") >= attempts;
        });
    return last[0];
  }
}
