package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/internal/webhookslog} at scale, on each store (a subclass per store): cursor
 * paging through {@code meta.nextCursor}, the filters eventCuid, since and until, the capped count,
 * and the 400s. One tenant, two webhooks subscribed to ReportPublished: "ok" answers 200, "broken"
 * 500 (no retries); 12 events make 24 attempts.
 */
public abstract class LogPagingApiTest {

  private static final String LOG = "/api/internal/webhookslog";
  private static final int EVENTS = 12;

  private static TestServer server;
  private static TenantClients tenants;
  private static Receiver okReceiver;
  private static Receiver brokenReceiver;
  private static TenantClient acme;
  private static String ok;
  private static String broken;
  private static String firstEvent;
  private static AutoCloseable storeCleanup;

  /**
   * Starts the server on the subclass's store with these overrides; {@code cleanup} runs once the
   * server has stopped.
   */
  protected static void start(JsonObject storeOverrides, AutoCloseable cleanup) {
    storeCleanup = cleanup;
    server =
        TestServer.start(
            storeOverrides.mergeIn(
                new JsonObject().put("delivery", new JsonObject().put("maxRetries", 0)), true));
    tenants = new TenantClients(server);
    okReceiver = Receiver.answering(200);
    brokenReceiver = Receiver.answering(500);
    acme = tenants.create("Acme");
    ok = webhook(acme.api(), okReceiver.url("/ok"));
    broken = webhook(acme.api(), brokenReceiver.url("/broken"));
    for (int i = 0; i < EVENTS; i++) {
      String eventCuid =
          acme.api()
              .post(
                  "/api/internal/events",
                  new JsonObject()
                      .put("event", "ReportPublished")
                      .put("targetType", "report")
                      .put("targetCuid", "ctarget00000000000000000000"))
              .expect(202)
              .json()
              .getString("eventCuid");
      if (i == 0) {
        firstEvent = eventCuid;
      }
    }
    Wait.until(
        "24 attempts are logged",
        Duration.ofSeconds(30),
        () -> meta(acme.api(), "").getLong("totalResults") == 2 * EVENTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (tenants != null) {
      tenants.close();
    }
    if (okReceiver != null) {
      okReceiver.close();
    }
    if (brokenReceiver != null) {
      brokenReceiver.close();
    }
    if (server != null) {
      server.close();
    }
    if (storeCleanup != null) {
      storeCleanup.close();
    }
  }

  @Test
  @DisplayName(
      "meta.nextCursor leads page by page through the whole log, newest first, and is null on the last page")
  void cursorPaging() {
    List<JsonObject> all = data(acme.api(), "limit=500");
    assertThat(all).hasSize(2 * EVENTS);

    List<JsonObject> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          acme.api()
              .get(LOG + "?limit=5" + (cursor == null ? "" : "&cursor=" + cursor))
              .expect(200)
              .json();
      JsonObject meta = page.getJsonObject("meta");
      List<String> fields =
          new ArrayList<>(List.of("limit", "totalResults", "totalResultsCapped", "nextCursor"));
      if (cursor == null) {
        fields.add("offset"); // the first page: no cursor yet, offset 0
      }
      assertThat(meta.fieldNames())
          .as("page %d", pages)
          .containsExactlyInAnyOrderElementsOf(fields);
      assertThat(meta.getLong("totalResults")).isEqualTo(2 * EVENTS);
      assertThat(meta.getBoolean("totalResultsCapped")).isFalse();
      page.getJsonArray("data").forEach(a -> walked.add((JsonObject) a));
      cursor = meta.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 20);

    assertThat(pages).isEqualTo(5);
    assertThat(walked).isEqualTo(all);
  }

  @Test
  @DisplayName("eventCuid, since and until filter the log, alone and with webhookCuid and status")
  void filters() {
    List<JsonObject> all = data(acme.api(), "limit=500");
    assertThat(data(acme.api(), "eventCuid=" + firstEvent))
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.getString("eventCuid")).isEqualTo(firstEvent));
    assertThat(data(acme.api(), "eventCuid=" + firstEvent + "&webhookCuid=" + ok))
        .singleElement()
        .satisfies(a -> assertThat(a.getString("status")).isEqualTo("succeeded"));
    assertThat(data(acme.api(), "eventCuid=" + firstEvent + "&status=failed"))
        .singleElement()
        .satisfies(a -> assertThat(a.getString("webhookCuid")).isEqualTo(broken));
    assertThat(total(acme.api(), "webhookCuid=" + broken + "&status=failed")).isEqualTo(EVENTS);
    assertThat(total(acme.api(), "webhookCuid=" + ok + "&status=failed")).isZero();

    String since = all.get(17).getString("createdAt");
    String until = all.get(5).getString("createdAt");
    assertThat(data(acme.api(), "limit=500&since=" + since))
        .isEqualTo(matching(all, a -> !created(a).isBefore(Instant.parse(since))))
        .contains(all.get(17));
    assertThat(data(acme.api(), "limit=500&until=" + until))
        .isEqualTo(matching(all, a -> created(a).isBefore(Instant.parse(until))))
        .doesNotContain(all.get(5));
    assertThat(data(acme.api(), "limit=500&status=failed&since=" + since + "&until=" + until))
        .isEqualTo(
            matching(
                all,
                a ->
                    a.getString("status").equals("failed")
                        && !created(a).isBefore(Instant.parse(since))
                        && created(a).isBefore(Instant.parse(until))))
        .isNotEmpty();
    // an offset in the time zone of the caller means the same instant
    String sinceInParis = Instant.parse(since).atOffset(java.time.ZoneOffset.ofHours(1)).toString();
    assertThat(data(acme.api(), "limit=500&since=" + encode(sinceInParis)))
        .isEqualTo(data(acme.api(), "limit=500&since=" + since));
  }

  @Test
  @DisplayName(
      "A bad cursor, a cursor with an offset, a time that is not ISO-8601, until before since, or U+0000 in a filter answer 400 naming the parameter")
  void badParameters() {
    String cursor = meta(acme.api(), "limit=2").getString("nextCursor");
    acme.api().get(LOG + "?cursor=" + cursor).expect(200);
    String[][] cases = {
      {"cursor=nonsense", "cursor"},
      {"cursor=" + encode("MjoxOjE6MQ"), "cursor"}, // "2:1:1:1", an unknown version
      {"cursor=" + cursor + "&offset=0", "cursor"},
      {"since=yesterday", "since"},
      {"since=2026-12-01", "since"},
      {"until=2026-13-01T00:00:00Z", "until"},
      {"since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "until"},
      {"webhookCuid=c%00", "webhookCuid"},
      {"eventCuid=%00", "eventCuid"},
      {"event=Report%00Published", "event"},
    };
    for (String[] c : cases) {
      Api.Response response = acme.api().get(LOG + "?" + c[0]).expect(400);
      assertThat(response.json().getString("error")).as(c[0]).isEqualTo("validation_failed");
      assertThat(response.details().getJsonObject(0).getString("field")).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  @DisplayName(
      "totalResults stops at 10,000 and totalResultsCapped says there are more; a filter with fewer counts exactly")
  void cappedCount() {
    TenantClient big = tenants.create("Big");
    String hook = Cuid.next();
    Instant t0 = Instant.now().minusSeconds(3600);
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < AttemptLog.COUNT_LIMIT + 20; i++) {
      attempts.add(
          new Attempt(
              Cuid.next(),
              Cuid.next(),
              hook,
              big.cuid(),
              Cuid.next(),
              "ReportPublished",
              "https://receiver.example/in",
              1,
              i % 1000 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED,
              200,
              3,
              null,
              null,
              t0.plusMillis(i)));
    }
    server
        .server()
        .stores()
        .attempts()
        .append(attempts)
        .toCompletionStage()
        .toCompletableFuture()
        .join();

    JsonObject meta = meta(big.api(), "limit=500");
    assertThat(meta.getLong("totalResults")).isEqualTo(AttemptLog.COUNT_LIMIT);
    assertThat(meta.getBoolean("totalResultsCapped")).isTrue();
    JsonObject failed = meta(big.api(), "status=failed&webhookCuid=" + hook);
    assertThat(failed.getLong("totalResults")).isEqualTo(11);
    assertThat(failed.getBoolean("totalResultsCapped")).isFalse();
    // deep in, by cursor: the page after the 500 newest
    JsonObject second =
        big.api().get(LOG + "?limit=500&cursor=" + meta.getString("nextCursor")).expect(200).json();
    assertThat(second.getJsonArray("data").getJsonObject(0).getString("createdAt"))
        .isEqualTo(Views.time(t0.plusMillis(AttemptLog.COUNT_LIMIT + 20 - 501)));
  }

  private static String webhook(Api api, String url) {
    return api.post(
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

  private static JsonObject meta(Api api, String query) {
    return api.get(LOG + "?" + query).expect(200).json().getJsonObject("meta");
  }

  private static long total(Api api, String query) {
    return meta(api, query).getLong("totalResults");
  }

  private static List<JsonObject> data(Api api, String query) {
    List<JsonObject> out = new ArrayList<>();
    api.get(LOG + "?" + query)
        .expect(200)
        .json()
        .getJsonArray("data")
        .forEach(a -> out.add((JsonObject) a));
    return out;
  }

  private static List<JsonObject> matching(List<JsonObject> all, Predicate<JsonObject> p) {
    return all.stream().filter(p).toList();
  }

  private static Instant created(JsonObject attempt) {
    return Instant.parse(attempt.getString("createdAt"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
