package io.hookrelay.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Shorthands for the tests that drive the server through its API (api, delivery, fan-out, console):
 * request bodies, the delivery log of one webhook, waits on it.
 */
public final class Hooks {

  public static final String TARGET = "ctarget00000000000000000000";

  private Hooks() {}

  /** A valid, enabled webhook body for {@code url} subscribing to {@code events}. */
  public static JsonObject webhook(String url, String... events) {
    return new JsonObject()
        .put("name", "hook")
        .put("url", url)
        .put("sslVerification", true)
        .put("events", new JsonArray(List.of(events)))
        .put("enabled", true);
  }

  /** Creates the webhook (201) and returns its cuid. */
  public static String create(Api api, JsonObject webhook) {
    return api.post("/api/internal/webhooks", webhook).expect(201).json().getString("cuid");
  }

  /** The smallest valid event of this type. */
  public static JsonObject event(String name) {
    return new JsonObject().put("event", name).put("targetCuid", TARGET);
  }

  /** Sends the event (202) and returns the receipt {@code {eventCuid, deliveries}}. */
  public static JsonObject send(Api api, JsonObject event) {
    return api.post("/api/internal/events", event).expect(202).json();
  }

  /** Sends the event and returns how many deliveries it made. */
  public static int deliveries(Api api, JsonObject event) {
    return send(api, event).getInteger("deliveries");
  }

  /** A webhook's logged attempts, oldest first. */
  public static List<JsonObject> attempts(Api api, String webhookCuid) {
    JsonArray data =
        api.get("/api/internal/webhookslog?limit=500&webhookCuid=" + webhookCuid)
            .expect(200)
            .json()
            .getJsonArray("data");
    List<JsonObject> out = new ArrayList<>();
    data.forEach(a -> out.add((JsonObject) a));
    Collections.reverse(out);
    return out;
  }

  /** Waits until the webhook's log (oldest first) satisfies {@code done}, and returns it. */
  public static List<JsonObject> attemptsUntil(
      Api api, String webhookCuid, String what, Predicate<List<JsonObject>> done) {
    return Wait.forValue(what, () -> attempts(api, webhookCuid), done);
  }

  /** Waits until the webhook's log holds a final (succeeded or failed) attempt; returns the log. */
  public static List<JsonObject> finished(Api api, String webhookCuid) {
    return attemptsUntil(
        api,
        webhookCuid,
        "webhook " + webhookCuid + " has a finished delivery",
        log -> log.stream().anyMatch(a -> !"retrying".equals(a.getString("status"))));
  }

  /** Waits until the caller's log holds an attempt of this event, and returns the newest. */
  public static JsonObject attemptsUntilEvent(Api api, String event) {
    return Wait.forValue(
            "an attempt of " + event + " is logged",
            () ->
                api.get("/api/internal/webhookslog?event=" + event)
                    .expect(200)
                    .json()
                    .getJsonArray("data"),
            data -> !data.isEmpty())
        .getJsonObject(0);
  }

  /** The statuses of a log, in its order. */
  public static List<String> statuses(List<JsonObject> log) {
    return log.stream().map(a -> a.getString("status")).toList();
  }

  /** Milliseconds between two arrivals at a receiver. */
  public static long gapMs(Receiver.Received earlier, Receiver.Received later) {
    return TimeUnit.NANOSECONDS.toMillis(later.at() - earlier.at());
  }

  /** A port on 127.0.0.1 nobody listens on. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
