package io.hookrelay.fanout;

import static io.hookrelay.support.Hooks.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Events sent by code in the same JVM to the event-bus address {@code hookrelay.events}. */
class EventBusIngestTest {

  private static TestServer server;
  private static TenantClients tenants;
  private static Receiver receiver;
  private static TenantClient acme;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    tenants = new TenantClients(server);
    receiver = Receiver.answering(200);
    acme = tenants.create("Acme");
    Hooks.create(acme.api(), Hooks.webhook(receiver.url("/hook"), "ReportPublished"));
  }

  @AfterAll
  static void stop() {
    tenants.close();
    receiver.close();
    server.close();
  }

  @Test
  @DisplayName(
      "An event on hookrelay.events is answered with {eventCuid, deliveries} and delivered")
  void ingest() {
    JsonObject reply =
        request(
            event("ReportPublished").put("tenantCuid", acme.cuid()).put("text", "from the bus"));

    assertThat(reply.getString("eventCuid")).matches("c[a-z0-9]{24}");
    assertThat(reply.getInteger("deliveries")).isEqualTo(1);
    Wait.until(
        "the delivery arrived",
        () ->
            receiver.received().stream()
                .anyMatch(
                    r ->
                        reply
                            .getString("eventCuid")
                            .equals(r.body().toJsonObject().getString("cuid"))));
    JsonObject body =
        receiver.received().stream()
            .map(r -> r.body().toJsonObject())
            .filter(b -> reply.getString("eventCuid").equals(b.getString("cuid")))
            .findFirst()
            .orElseThrow();
    assertThat(body.getString("text")).isEqualTo("from the bus");
    assertThat(body.containsKey("tenantCuid"))
        .as("the tenant is not part of the receiver's body")
        .isFalse();
  }

  @Test
  @DisplayName("The same id over the event bus and over HTTP is one event")
  void idempotentAcrossTransports() {
    JsonObject first =
        request(event("ReportPublished").put("tenantCuid", acme.cuid()).put("id", "bus-and-http"));
    JsonObject again =
        acme.api()
            .post("/api/internal/events", event("ReportPublished").put("id", "bus-and-http"))
            .expect(200)
            .json();
    assertThat(again.getString("eventCuid")).isEqualTo(first.getString("eventCuid"));
    assertThat(again.getInteger("deliveries")).isEqualTo(first.getInteger("deliveries"));
  }

  @Test
  @DisplayName("An invalid event fails with code 400 and a message naming the field")
  void invalid() {
    assertFails(
        new JsonObject().put("tenantCuid", acme.cuid()).put("targetCuid", "c1"), 400, "event");
    assertFails(event("NoSuchEvent").put("tenantCuid", acme.cuid()), 400, "event");
    assertFails(
        event("ReportPublished").put("tenantCuid", acme.cuid()).put("colour", "red"),
        400,
        "colour");
    assertFails(
        event("ReportPublished").put("tenantCuid", acme.cuid()).put("text", 5), 400, "text");
    assertFails(event("ReportPublished"), 400, "tenantCuid");
  }

  @Test
  @DisplayName("A body that is not a JSON object fails with code 400 instead of going unanswered")
  void notAnObject() {
    DeliveryOptions shortWait = new DeliveryOptions().setSendTimeout(3_000);
    var bus = server.server().vertx().eventBus();
    String encoded = event("ReportPublished").put("tenantCuid", acme.cuid()).encode();
    for (Object body : new Object[] {encoded, null}) {
      assertThatThrownBy(() -> bus.request("hookrelay.events", body, shortWait).await())
          .as("sending %s", body)
          .isInstanceOfSatisfying(
              ReplyException.class,
              e -> {
                assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                assertThat(e.failureCode()).isEqualTo(400);
                assertThat(e.getMessage()).contains("JSON object");
              });
    }
  }

  @Test
  @DisplayName("An event for an unknown tenant fails with code 404")
  void unknownTenant() {
    assertFails(
        event("ReportPublished").put("tenantCuid", "cnosuchtenant000000000000000"),
        404,
        "cnosuchtenant000000000000000");
  }

  private static JsonObject request(JsonObject event) {
    Message<JsonObject> reply =
        server.server().vertx().eventBus().<JsonObject>request("hookrelay.events", event).await();
    return reply.body();
  }

  private static void assertFails(JsonObject event, int code, String mentioned) {
    assertThatThrownBy(() -> request(event))
        .as("sending %s", event)
        .isInstanceOfSatisfying(
            ReplyException.class,
            e -> {
              assertThat(e.failureCode()).isEqualTo(code);
              assertThat(e.getMessage()).contains(mentioned);
            });
  }
}
