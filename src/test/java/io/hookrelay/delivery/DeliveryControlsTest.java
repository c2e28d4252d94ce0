package io.hookrelay.delivery;

import static io.hookrelay.delivery.Paced.arrivals;
import static io.hookrelay.delivery.Paced.event;
import static io.hookrelay.delivery.Paced.gapMs;
import static io.hookrelay.delivery.Paced.maxInWindow;
import static io.hookrelay.delivery.Paced.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Per-webhook delivery controls through the real server, on each store (a subclass per store): the
 * rate limit as the receiver's arrival times, ordered delivery per key with a receiver that fails
 * the first delivery of one key, and the validation of both fields.
 */
public abstract class DeliveryControlsTest {

  private static final String HOOKS = "/api/internal/webhooks";

  /** The retry after the failed first delivery of key A comes this much later. */
  static final long BACKOFF_MS = 1_000;

  private static TestServer server;
  private static TenantClients tenants;
  private static AutoCloseable storeCleanup;

  /** Starts the server on the subclass's store; {@code cleanup} runs once it has stopped. */
  protected static void start(JsonObject storeOverrides, AutoCloseable cleanup) {
    storeCleanup = cleanup;
    server =
        TestServer.start(
            storeOverrides.mergeIn(
                new JsonObject()
                    .put(
                        "delivery",
                        new JsonObject()
                            .put("initialBackoffMs", BACKOFF_MS)
                            .put("backoffMultiplier", 1)
                            .put("maxRetries", 3)),
                true));
    tenants = new TenantClients(server);
  }

  @AfterEach
  void closeTenants() {
    tenants.close();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tenants != null) {
      tenants.close();
    }
    if (server != null) {
      server.close();
    }
    if (storeCleanup != null) {
      storeCleanup.close();
    }
  }

  private static JsonObject webhook(Receiver receiver) {
    return Hooks.webhook(receiver.url("/hook"), "ReportPublished");
  }

  @Test
  @DisplayName(
      "rateLimitPerSecond and ordering are stored, shown, changed and cleared by PATCH; ordering defaults to none")
  void fieldsRoundTrip() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      JsonObject plain = api.post(HOOKS, webhook(receiver)).expect(201).json();
      assertThat(plain.getValue("rateLimitPerSecond")).isNull();
      assertThat(plain.containsKey("rateLimitPerSecond")).isTrue();
      assertThat(plain.getString("ordering")).isEqualTo("none");

      JsonObject paced =
          api.post(
                  HOOKS,
                  webhook(receiver).put("rateLimitPerSecond", 100_000).put("ordering", "perKey"))
              .expect(201)
              .json();
      String path = HOOKS + "/" + paced.getString("cuid");
      assertThat(paced.getInteger("rateLimitPerSecond")).isEqualTo(100_000);
      assertThat(paced.getString("ordering")).isEqualTo("perKey");
      assertThat(api.get(path).expect(200).json()).isEqualTo(paced);

      JsonObject changed =
          api.patch(path, new JsonObject().put("rateLimitPerSecond", 1)).expect(200).json();
      assertThat(changed.getInteger("rateLimitPerSecond")).isEqualTo(1);
      assertThat(changed.getString("ordering")).as("untouched by the PATCH").isEqualTo("perKey");

      JsonObject cleared =
          api.patch(path, new JsonObject().putNull("rateLimitPerSecond").put("ordering", "none"))
              .expect(200)
              .json();
      assertThat(cleared.getValue("rateLimitPerSecond")).isNull();
      assertThat(cleared.getString("ordering")).isEqualTo("none");
      assertThat(api.get(path).expect(200).json()).isEqualTo(cleared);
    }
  }

  @Test
  @DisplayName(
      "A bad rateLimitPerSecond or ordering is a 400 naming the field, on create and on PATCH, and changes nothing")
  void badValues() {
    Api api = tenants.create("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      JsonObject created = api.post(HOOKS, webhook(receiver)).expect(201).json();
      String path = HOOKS + "/" + created.getString("cuid");
      Map<String, Object> badRates =
          Map.of(
              "zero",
              0,
              "negative",
              -3,
              "over the maximum",
              100_001,
              "a fraction",
              2.5,
              "a string",
              "5",
              "a boolean",
              true);
      for (var bad : badRates.entrySet()) {
        for (Api.Response r :
            List.of(
                api.post(HOOKS, webhook(receiver).put("rateLimitPerSecond", bad.getValue())),
                api.patch(path, new JsonObject().put("rateLimitPerSecond", bad.getValue())))) {
          assertThat(r.status()).as("rateLimitPerSecond %s", bad.getKey()).isEqualTo(400);
          assertThat(fieldMessage(r, "rateLimitPerSecond"))
              .as("rateLimitPerSecond %s", bad.getKey())
              .contains("integer from 1 to 100000");
        }
      }
      for (Object bad : List.of("fifo", "PERKEY", 1, new JsonArray())) {
        for (Api.Response r :
            List.of(
                api.post(HOOKS, webhook(receiver).put("ordering", bad)),
                api.patch(path, new JsonObject().put("ordering", bad)))) {
          assertThat(r.status()).as("ordering %s", bad).isEqualTo(400);
          assertThat(fieldMessage(r, "ordering")).contains("\"none\" or \"perKey\"");
        }
      }
      assertThat(api.get(path).expect(200).json()).isEqualTo(created);
    }
  }

  /** The message of the error detail about {@code field}. */
  private static String fieldMessage(Api.Response r, String field) {
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isNotBlank();
    return body.getJsonArray("details").stream()
        .map(JsonObject.class::cast)
        .filter(d -> field.equals(d.getString("field")))
        .map(d -> d.getString("message"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no detail about " + field + " in " + body));
  }

  @Test
  @DisplayName(
      "With rateLimitPerSecond 5 the receiver gets at most 6 requests in any second, each a first attempt, while an unlimited webhook gets the same events at once")
  void rateLimit() {
    Api api = tenants.create("Acme").api();
    int events = 15;
    try (Receiver limited = Receiver.answering(200);
        Receiver free = Receiver.answering(200)) {
      String hook = Hooks.create(api, webhook(limited).put("rateLimitPerSecond", 5));
      Hooks.create(api, webhook(free));
      for (int i = 0; i < events; i++) {
        Hooks.send(api, event("r" + i, "ctarget" + i, null));
      }
      Wait.until(
          "the limited receiver got every event",
          Duration.ofSeconds(20),
          () -> limited.count() == events);

      List<Received> got = limited.received();
      assertThat(maxInWindow(got, 1_000)).as("most requests in any second").isLessThanOrEqualTo(6);
      assertThat(gapMs(got.get(0), got.get(events - 1)))
          .as("ms from the first to the last request (14 slots of 200 ms)")
          .isGreaterThanOrEqualTo(2_000);
      assertThat(got).extracting(r -> r.header("X-Hookrelay-Attempt")).containsOnly("1");
      assertThat(free.count()).isEqualTo(events);
      assertThat(free.received().get(events - 1).at())
          .as("the unlimited webhook was not held back by the limited one")
          .isLessThan(got.get(9).at());
      List<JsonObject> log =
          Hooks.attemptsUntil(api, hook, "every attempt is logged", l -> l.size() == events);
      assertThat(Hooks.statuses(log)).containsOnly("succeeded");
      assertThat(log).extracting(a -> a.getInteger("attempt")).containsOnly(1);
    }
  }

  @Test
  @DisplayName(
      "perKey: a failing first delivery of key A holds back the later A's through its retry, key B goes on; each key one at a time, in accept order")
  void orderedPerKey() {
    Api api = tenants.create("Acme").api();
    long answerMs = 80;
    try (Receiver receiver =
        Paced.answeringByText(
            text ->
                before ->
                    text.equals("A1") && before == 0
                        ? Answer.delayed(500, answerMs)
                        : Answer.delayed(200, answerMs))) {
      String hook = Hooks.create(api, webhook(receiver).put("ordering", "perKey"));
      // A: one orderingKey over different targets; B: the targetCuid is the key
      for (int i = 1; i <= 3; i++) {
        Hooks.send(api, event("A" + i, "ctargetA" + i, "key-A"));
        Hooks.send(api, event("B" + i, "ctargetB", null));
      }
      Wait.until("seven requests arrived", Duration.ofSeconds(20), () -> receiver.count() == 7);

      assertThat(texts(receiver, "A")).containsExactly("A1", "A1", "A2", "A3");
      assertThat(texts(receiver, "B")).containsExactly("B1", "B2", "B3");
      List<Received> a = arrivals(receiver, "A");
      List<Received> b = arrivals(receiver, "B");
      assertThat(b.get(2).at())
          .as("B3 arrived before the retry of A1: key B was not held back")
          .isLessThan(a.get(1).at());
      assertThat(gapMs(a.get(0), a.get(1)))
          .as("A1 retried after its backoff")
          .isGreaterThanOrEqualTo(BACKOFF_MS - 50);
      for (List<Received> key : List.of(a, b)) {
        for (int i = 1; i < key.size(); i++) {
          assertThat(gapMs(key.get(i - 1), key.get(i)))
              .as("one at a time: the next of a key comes after the answer to the previous")
              .isGreaterThanOrEqualTo(answerMs);
        }
      }
      List<JsonObject> log =
          Hooks.attemptsUntil(api, hook, "every attempt is logged", l -> l.size() == 7);
      assertThat(Hooks.statuses(log)).containsOnlyOnce("retrying");
    }
  }

  @Test
  @DisplayName(
      "perKey: events without orderingKey or targetCuid are not ordered; an unordered webhook keeps sending in parallel")
  void unorderedStaysParallel() {
    Api api = tenants.create("Acme").api();
    // answers take a second: one at a time, each request would arrive a second after the one
    // before; in parallel they arrive as fast as the events are accepted
    try (Receiver ordered = Receiver.answering(n -> Answer.delayed(200, 1000));
        Receiver unordered = Receiver.answering(n -> Answer.delayed(200, 1000))) {
      Hooks.create(api, webhook(ordered).put("ordering", "perKey"));
      Hooks.create(api, webhook(unordered));
      for (int i = 0; i < 4; i++) {
        Hooks.send(
            api,
            new JsonObject()
                .put("event", "ReportPublished")
                .put("targetCuids", new JsonArray().add("ct" + i))
                .put("text", "m" + i));
      }
      Wait.until(
          "both receivers got the four events",
          Duration.ofSeconds(10),
          () -> ordered.count() == 4 && unordered.count() == 4);
      for (Receiver r : List.of(ordered, unordered)) {
        List<Received> got = r.received();
        for (int i = 1; i < got.size(); i++) {
          assertThat(gapMs(got.get(i - 1), got.get(i)))
              .as("request %d arrived while the one before was still being answered", i)
              .isLessThan(1000);
        }
      }
    }
  }
}
