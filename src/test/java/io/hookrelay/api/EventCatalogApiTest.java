package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/internal/webhookevents}: the five default events, plus those added in config. */
class EventCatalogApiTest {

  private static final String CATALOG = "/api/internal/webhookevents";
  private static final List<JsonObject> DEFAULTS =
      List.of(
          entry("ReportPublished", "report", "a report moves to Published"),
          entry("FindingPublished", "finding", "a finding moves to Published"),
          entry("AssessmentSubmitted", "report", "an assessment is submitted and becomes a report"),
          entry(
              "SchedulerEngagementSubmitted", "engagement", "a scheduled engagement is submitted"),
          entry("ReportStatusChanged", "report", "a report's status changes"));
  private static final JsonObject SCAN =
      entry("ScanCompleted", "scan", "a vulnerability scan finishes");

  private static TestServer plain;
  private static TestServer extended;
  private static Api plainApi;
  private static Api extendedApi;

  @BeforeAll
  static void start() {
    plain = TestServer.start();
    extended =
        TestServer.start(
            new JsonObject()
                .put("events", new JsonObject().put("catalog", new JsonArray().add(SCAN))));
    plainApi = plain.newTenant("Plain").api();
    extendedApi = extended.newTenant("Extended").api();
  }

  @AfterAll
  static void stop() {
    plainApi.close();
    extendedApi.close();
    plain.close();
    extended.close();
  }

  private static JsonObject entry(String event, String targetType, String description) {
    return new JsonObject()
        .put("event", event)
        .put("targetType", targetType)
        .put("description", description);
  }

  @Test
  @DisplayName(
      "The catalog lists the five default events with their target types, in the documented order")
  void defaults() {
    Api.Response response = plainApi.get(CATALOG).expect(200);

    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(response.json().fieldNames()).containsExactly("data");
    assertThat(response.json().getJsonArray("data")).containsExactlyElementsOf(DEFAULTS);
  }

  @Test
  @DisplayName("An event added through events.catalog is listed after the defaults")
  void configuredEvent() {
    JsonArray data = extendedApi.get(CATALOG).expect(200).json().getJsonArray("data");

    assertThat(data).hasSize(6);
    assertThat(data.getList().subList(0, 5))
        .containsExactlyElementsOf(DEFAULTS.stream().map(JsonObject::getMap).toList());
    assertThat(data.getJsonObject(5)).isEqualTo(SCAN);
  }

  @Test
  @DisplayName(
      "A webhook can subscribe to a configured event; on a server without it that event is refused")
  void subscribeToConfiguredEvent() {
    JsonObject body =
        valid().put("events", new JsonArray().add("ScanCompleted").add("ReportPublished"));

    assertThat(ApiBodies.create(extendedApi, body).getJsonArray("events"))
        .containsExactly("ScanCompleted", "ReportPublished");
    invalid(plainApi.post(PATH, body), "events");
  }

  @Test
  @DisplayName("The admin token reads the catalog too, without a tenantCuid")
  void adminReads() {
    assertThat(plain.admin().get(CATALOG).expect(200).json().getJsonArray("data")).hasSize(5);
  }
}
