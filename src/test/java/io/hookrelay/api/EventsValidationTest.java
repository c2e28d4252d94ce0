package io.hookrelay.api;

import static io.hookrelay.support.Hooks.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code POST /api/internal/events}: what is refused, with which details, and what is accepted. */
class EventsValidationTest {

  private static final String EVENTS = "/api/internal/events";

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
    Hooks.create(
        acme.api(), Hooks.webhook(receiver.url("/hook"), "ReportPublished", "FindingPublished"));
  }

  @AfterAll
  static void stop() {
    tenants.close();
    receiver.close();
    server.close();
  }

  @Test
  @DisplayName("A missing or unknown event name is refused with a detail on event")
  void eventName() {
    assertThat(details(refused(new JsonObject().put("targetCuid", "c1"))))
        .containsEntry("event", "is required");
    assertThat(details(refused(event("NoSuchEvent")))).containsOnlyKeys("event");
    assertThat(details(refused(event("reportpublished")))).containsOnlyKeys("event");
  }

  @Test
  @DisplayName("Exactly one of targetCuid and targetCuids is required")
  void targetXor() {
    assertThat(
            refused(new JsonObject().put("event", "ReportPublished"))
                .getJsonArray("details")
                .encode())
        .contains("targetCuid");
    JsonObject both = event("ReportPublished").put("targetCuids", new JsonArray().add("c2"));
    assertThat(refused(both).getJsonArray("details").encode()).contains("targetCuid");
    assertThat(
            details(
                refused(
                    new JsonObject()
                        .put("event", "ReportPublished")
                        .put("targetCuids", new JsonArray()))))
        .containsKey("targetCuids");

    accepted(
        new JsonObject()
            .put("event", "ReportPublished")
            .put("targetCuids", new JsonArray().add("c1").add("c2")));
  }

  @Test
  @DisplayName("Wrong types are refused, never coerced, and every bad field is listed")
  void wrongTypes() {
    JsonObject bad =
        new JsonObject()
            .put("event", "ReportPublished")
            .put("targetCuid", 7)
            .put("clientCuid", true)
            .put("actorCuid", new JsonArray())
            .put("text", 12)
            .put("data", "not an object")
            .put("id", 5)
            .put("targetType", new JsonObject());
    assertThat(details(refused(bad)))
        .containsOnlyKeys(
            "targetCuid", "clientCuid", "actorCuid", "text", "data", "id", "targetType");

    assertThat(details(refused(new JsonObject().put("event", 1).put("targetCuid", "c1"))))
        .containsOnlyKeys("event");
    assertThat(
            details(
                refused(new JsonObject().put("event", "ReportPublished").put("targetCuids", "c1"))))
        .containsOnlyKeys("targetCuids");
    assertThat(
            details(
                refused(
                    new JsonObject()
                        .put("event", "ReportPublished")
                        .put("targetCuids", new JsonArray().add(1)))))
        .containsOnlyKeys("targetCuids");
  }

  @Test
  @DisplayName("Unknown fields, and a tenantCuid in the body, are refused")
  void unknownFields() {
    assertThat(details(refused(event("ReportPublished").put("reportName", "x"))))
        .containsEntry("reportName", "is not a known field");
    assertThat(details(refused(event("ReportPublished").put("tenantCuid", acme.cuid()))))
        .containsOnlyKeys("tenantCuid");
  }

  @Test
  @DisplayName("A body that is not a JSON object answers 400 invalid_json")
  void notJson() {
    assertThat(acme.api().post(EVENTS, "{\"event\": ").expect(400).json().getString("error"))
        .isEqualTo("invalid_json");
    assertThat(acme.api().post(EVENTS, "[1,2]").expect(400).json().getString("error"))
        .isEqualTo("invalid_json");
    assertThat(acme.api().send(HttpMethod.POST, EVENTS, null).expect(400).json().getString("error"))
        .isEqualTo("invalid_json");
  }

  @Test
  @DisplayName("Every documented field together is accepted; refused events deliver nothing")
  void fullEventAccepted() {
    int before = receiver.count();
    refused(event("ReportPublished").put("unknown", 1));
    refused(new JsonObject().put("event", "FindingPublished"));

    JsonObject receipt =
        accepted(
            new JsonObject()
                .put("id", "full-1")
                .put("event", "FindingPublished")
                .put("clientCuid", "cclient")
                .put("actorCuid", "cactor")
                .put("targetType", "finding")
                .put("targetCuid", "cfinding")
                .put("text", "t")
                .put("data", new JsonObject().put("severity", "high")));
    assertThat(receipt.fieldNames()).containsExactlyInAnyOrder("eventCuid", "deliveries");
    assertThat(receipt.getString("eventCuid")).matches("c[a-z0-9]{24}");
    assertThat(receipt.getInteger("deliveries")).isEqualTo(1);

    Wait.until("the accepted event arrived", () -> receiver.count() > before);
    assertThat(receiver.count()).isEqualTo(before + 1);
    assertThat(receiver.received().get(before).body().toJsonObject().getString("cuid"))
        .isEqualTo(receipt.getString("eventCuid"));
  }

  @Test
  @DisplayName("Events need a token; the admin must name the tenant with ?tenantCuid=")
  void authentication() {
    try (Api anonymous = server.as(null);
        Api stranger = server.as("hr_not_a_token")) {
      anonymous.post(EVENTS, event("ReportPublished")).expect(401);
      stranger.post(EVENTS, event("ReportPublished")).expect(401);
    }
    server.admin().post(EVENTS, event("ReportPublished")).expect(400);
    server
        .admin()
        .post(EVENTS + "?tenantCuid=cnosuchtenant000000000000000", event("ReportPublished"))
        .expect(404);
    assertThat(
            server
                .admin()
                .post(EVENTS + "?tenantCuid=" + acme.cuid(), event("ReportPublished"))
                .expect(202)
                .json()
                .getInteger("deliveries"))
        .isEqualTo(1);
  }

  private static JsonObject refused(JsonObject event) {
    JsonObject error = acme.api().post(EVENTS, event).expect(400).json();
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getString("error")).isEqualTo("validation_failed");
    return error;
  }

  private static JsonObject accepted(JsonObject event) {
    return acme.api().post(EVENTS, event).expect(202).json();
  }

  /** The details of an error as field → message (the last message when a field has several). */
  private static Map<String, String> details(JsonObject error) {
    Map<String, String> out = new LinkedHashMap<>();
    error
        .getJsonArray("details")
        .forEach(
            d ->
                out.put(
                    ((JsonObject) d).getString("field"), ((JsonObject) d).getString("message")));
    return out;
  }
}
