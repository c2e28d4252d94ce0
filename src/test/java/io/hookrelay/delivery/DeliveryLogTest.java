package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/internal/webhookslog}. One tenant, one retry per delivery: webhook "ok" gets 3
 * ReportPublished events and answers 200, webhook "broken" gets 2 FindingPublished events and
 * answers 500 — 7 attempts: 3 succeeded, 2 retrying, 2 failed.
 */
class DeliveryLogTest {

  private static final String LOG = "/api/internal/webhookslog";

  private static TestServer server;
  private static TenantClients tenants;
  private static Receiver okReceiver;
  private static Receiver brokenReceiver;
  private static TenantClient acme;
  private static String ok;
  private static String broken;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(new JsonObject().put("delivery", new JsonObject().put("maxRetries", 1)));
    tenants = new TenantClients(server);
    okReceiver = Receiver.answering(n -> Receiver.Answer.status(200).withBody("thanks"));
    brokenReceiver = Receiver.answering(n -> Receiver.Answer.status(500).withBody("nope"));
    acme = tenants.create("Acme");
    ok = create(acme.api(), webhook(okReceiver.url("/ok"), "ReportPublished"));
    broken = create(acme.api(), webhook(brokenReceiver.url("/broken"), "FindingPublished"));
    for (int i = 0; i < 3; i++) {
      send(acme.api(), event("ReportPublished"));
    }
    for (int i = 0; i < 2; i++) {
      send(acme.api(), event("FindingPublished"));
    }
    Wait.until(
        "7 attempts are logged, 2 of them failed",
        () -> total(acme.api(), "") == 7 && total(acme.api(), "status=failed") == 2);
  }

  @AfterAll
  static void stop() {
    tenants.close();
    okReceiver.close();
    brokenReceiver.close();
    server.close();
  }

  @Test
  @DisplayName(
      "limit and offset page through the log; totalResults counts every match; nextCursor is null on the last page")
  void paging() {
    List<String> all = cuids(acme.api().get(LOG + "?limit=500").expect(200).json());
    assertThat(all).hasSize(7).doesNotHaveDuplicates();

    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 9; offset += 3) {
      JsonObject page = acme.api().get(LOG + "?limit=3&offset=" + offset).expect(200).json();
      JsonObject meta = page.getJsonObject("meta");
      assertThat(meta.copy().put("nextCursor", "…"))
          .isEqualTo(
              new JsonObject()
                  .put("limit", 3)
                  .put("offset", offset)
                  .put("totalResults", 7)
                  .put("totalResultsCapped", false)
                  .put("nextCursor", "…"));
      assertThat(meta.getString("nextCursor") != null)
          .as("offset %d", offset)
          .isEqualTo(offset < 6);
      paged.addAll(cuids(page));
    }
    assertThat(paged).isEqualTo(all);
    assertThat(acme.api().get(LOG + "?offset=7").expect(200).json().getJsonArray("data")).isEmpty();
    assertThat(acme.api().get(LOG).expect(200).json().getJsonObject("meta"))
        .isEqualTo(
            new JsonObject()
                .put("limit", 25)
                .put("offset", 0)
                .put("totalResults", 7)
                .put("totalResultsCapped", false)
                .putNull("nextCursor"));
  }

  @Test
  @DisplayName("webhookCuid, status and event filter the log, alone and together")
  void filters() {
    assertThat(total(acme.api(), "webhookCuid=" + ok)).isEqualTo(3);
    assertThat(total(acme.api(), "webhookCuid=" + broken)).isEqualTo(4);
    assertThat(total(acme.api(), "status=succeeded")).isEqualTo(3);
    assertThat(total(acme.api(), "status=retrying")).isEqualTo(2);
    assertThat(total(acme.api(), "status=failed")).isEqualTo(2);
    assertThat(total(acme.api(), "event=FindingPublished")).isEqualTo(4);
    assertThat(total(acme.api(), "event=ReportStatusChanged")).isZero();
    assertThat(total(acme.api(), "webhookCuid=" + broken + "&status=failed&event=FindingPublished"))
        .isEqualTo(2);
    assertThat(total(acme.api(), "webhookCuid=" + ok + "&status=failed")).isZero();

    JsonArray failed =
        acme.api().get(LOG + "?status=failed").expect(200).json().getJsonArray("data");
    assertThat(failed)
        .allSatisfy(a -> assertThat(((JsonObject) a).getString("webhookCuid")).isEqualTo(broken));
  }

  @Test
  @DisplayName("The log lists the newest attempt first")
  void newestFirst() {
    List<Instant> times = new ArrayList<>();
    acme.api()
        .get(LOG)
        .expect(200)
        .json()
        .getJsonArray("data")
        .forEach(a -> times.add(Instant.parse(((JsonObject) a).getString("createdAt"))));
    assertThat(times).hasSize(7).isSortedAccordingTo((a, b) -> b.compareTo(a));

    JsonArray data =
        acme.api().get(LOG + "?webhookCuid=" + broken).expect(200).json().getJsonArray("data");
    for (Object o : data) {
      JsonObject attempt = (JsonObject) o;
      int positionOfFirst = positionOf(data, attempt.getString("deliveryCuid"), 1);
      int positionOfSecond = positionOf(data, attempt.getString("deliveryCuid"), 2);
      assertThat(positionOfSecond)
          .as("the retry is listed before the first attempt")
          .isLessThan(positionOfFirst);
    }
  }

  @Test
  @DisplayName(
      "Each attempt shows the documented fields: ids, event, url, number, status, code, duration, error, snippet, time, trace id")
  void attemptFields() {
    JsonObject failed =
        acme.api()
            .get(LOG + "?status=failed&limit=1")
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(failed.fieldNames())
        .containsExactlyInAnyOrder(
            "cuid",
            "deliveryCuid",
            "webhookCuid",
            "tenantCuid",
            "eventCuid",
            "event",
            "url",
            "attempt",
            "status",
            "statusCode",
            "durationMs",
            "error",
            "responseSnippet",
            "createdAt",
            "traceId");
    assertThat(failed.getString("tenantCuid")).isEqualTo(acme.cuid());
    assertThat(failed.getString("url")).isEqualTo(brokenReceiver.url("/broken"));
    assertThat(failed.getInteger("attempt")).isEqualTo(2);
    assertThat(failed.getInteger("statusCode")).isEqualTo(500);
    assertThat(failed.getLong("durationMs")).isNotNegative();
    assertThat(failed.getString("error")).startsWith("Failed to call webhook:");
    assertThat(failed.getString("responseSnippet")).isEqualTo("nope");
    assertThat(failed.getString("createdAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    JsonObject succeeded =
        acme.api()
            .get(LOG + "?status=succeeded&limit=1")
            .expect(200)
            .json()
            .getJsonArray("data")
            .getJsonObject(0);
    assertThat(succeeded.getString("responseSnippet")).isEqualTo("thanks");
    assertThat(succeeded.getValue("error")).isNull();
  }

  @Test
  @DisplayName("The response snippet keeps the first 1 KiB of a longer answer")
  void snippetCapped() {
    Api api = tenants.create("Verbose").api();
    try (Receiver receiver =
        Receiver.answering(n -> Receiver.Answer.status(200).withBody("x".repeat(3000)))) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));
      assertThat(Hooks.finished(api, hook).get(0).getString("responseSnippet"))
          .isEqualTo("x".repeat(1024));
    }
  }

  @Test
  @DisplayName(
      "limit outside 1..500, a negative offset or an unknown status answer 400 naming the parameter")
  void badParameters() {
    for (String query :
        List.of("limit=0", "limit=501", "limit=ten", "offset=-1", "status=pending")) {
      JsonObject error = acme.api().get(LOG + "?" + query).expect(400).json();
      assertThat(error.getString("error")).as(query).isEqualTo("validation_failed");
      assertThat(error.getJsonArray("details").getJsonObject(0).getString("field"))
          .as(query)
          .isEqualTo(query.split("=")[0]);
    }
    acme.api().get(LOG + "?limit=1").expect(200);
    acme.api().get(LOG + "?limit=500").expect(200);
  }

  @Test
  @DisplayName(
      "A tenant sees only its own log: another tenant's tenantCuid is 404; the admin must name the tenant")
  void tenantScoping() {
    TenantClient globex = tenants.create("Globex");
    globex.api().get(LOG + "?tenantCuid=" + acme.cuid()).expect(404);
    assertThat(total(globex.api(), "")).isZero();
    assertThat(total(globex.api(), "webhookCuid=" + ok)).isZero();
    assertThat(total(acme.api(), "tenantCuid=" + acme.cuid())).isEqualTo(7);

    server.admin().get(LOG).expect(400);
    assertThat(total(server.admin(), "tenantCuid=" + acme.cuid())).isEqualTo(7);
    assertThat(total(server.admin(), "tenantCuid=" + globex.cuid())).isZero();
    try (Api anonymous = server.as(null)) {
      anonymous.get(LOG).expect(401);
    }
  }

  private static long total(Api api, String query) {
    return api.get(LOG + "?" + query)
        .expect(200)
        .json()
        .getJsonObject("meta")
        .getLong("totalResults");
  }

  private static List<String> cuids(JsonObject page) {
    List<String> out = new ArrayList<>();
    page.getJsonArray("data").forEach(a -> out.add(((JsonObject) a).getString("cuid")));
    return out;
  }

  private static int positionOf(JsonArray data, String deliveryCuid, int attempt) {
    for (int i = 0; i < data.size(); i++) {
      JsonObject a = data.getJsonObject(i);
      if (a.getString("deliveryCuid").equals(deliveryCuid) && a.getInteger("attempt") == attempt) {
        return i;
      }
    }
    throw new AssertionError(
        "attempt " + attempt + " of delivery " + deliveryCuid + " is not listed");
  }
}
