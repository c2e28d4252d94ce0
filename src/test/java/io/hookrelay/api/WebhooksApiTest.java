package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.CUID;
import static io.hookrelay.api.ApiBodies.ISO_MILLIS;
import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.path;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook resource's happy paths and PATCH semantics, over real HTTP. */
class WebhooksApiTest {

  private static TestServer server;
  private TenantClient tenant;
  private Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newTenant() {
    tenant = server.newTenant("Acme");
    api = tenant.api();
  }

  @AfterEach
  void closeClient() {
    api.close();
  }

  @Test
  @DisplayName(
      "Creating a webhook answers 201 with the whole resource, ids and timestamps in the documented form")
  void create() {
    JsonObject body =
        valid("Your Webhook Name")
            .put("clientCuids", new JsonArray().add("cclient1"))
            .put("events", new JsonArray().add("ReportPublished").add("FindingPublished"));

    Api.Response response = api.post(PATH, body).expect(201);
    JsonObject w = response.json();

    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(w.fieldNames())
        .containsExactlyInAnyOrder(
            "cuid",
            "tenantCuid",
            "clientCuids",
            "name",
            "url",
            "sslVerification",
            "events",
            "enabled",
            "hasSecret",
            "disabledReason",
            "previousSecretExpiresAt",
            "rateLimitPerSecond",
            "ordering",
            "createdAt",
            "updatedAt");
    assertThat(w.getString("cuid")).matches(CUID);
    assertThat(w.getString("tenantCuid")).isEqualTo(tenant.cuid());
    assertThat(w.getJsonArray("clientCuids")).containsExactly("cclient1");
    assertThat(w.getString("name")).isEqualTo("Your Webhook Name");
    assertThat(w.getString("url")).isEqualTo(ApiBodies.URL);
    assertThat(w.getBoolean("sslVerification")).isTrue();
    assertThat(w.getJsonArray("events")).containsExactly("ReportPublished", "FindingPublished");
    assertThat(w.getBoolean("enabled")).isTrue();
    assertThat(w.getBoolean("hasSecret")).isFalse();
    assertThat(w.containsKey("disabledReason")).isTrue();
    assertThat(w.getString("disabledReason")).isNull();
    assertThat(w.getString("createdAt")).matches(ISO_MILLIS);
    assertThat(w.getString("updatedAt")).isEqualTo(w.getString("createdAt"));
  }

  @Test
  @DisplayName(
      "A webhook created without clientCuids has an empty list, and one created disabled stays disabled")
  void createDefaults() {
    JsonObject w =
        ApiBodies.create(api, valid().put("enabled", false).put("sslVerification", false));

    assertThat(w.getJsonArray("clientCuids")).isEmpty();
    assertThat(w.getBoolean("enabled")).isFalse();
    assertThat(w.getBoolean("sslVerification")).isFalse();
    assertThat(w.getString("disabledReason")).isNull();
  }

  @Test
  @DisplayName("GET of a webhook answers 200 with the same resource that create returned")
  void get() {
    JsonObject created = ApiBodies.create(api, valid());

    assertThat(api.get(path(created)).expect(200).json()).isEqualTo(created);
  }

  @Test
  @DisplayName("Listing answers 200 with every webhook of the tenant and the meta.page block")
  void list() {
    JsonObject first = ApiBodies.create(api, valid("first"));
    JsonObject second = ApiBodies.create(api, valid("second"));

    JsonObject page = api.get(PATH).expect(200).json();

    assertThat(page.getJsonArray("data")).containsExactly(second, first);
    assertThat(page.getJsonObject("meta").getJsonObject("page"))
        .isEqualTo(
            new JsonObject()
                .put("current", 1)
                .put("size", 25)
                .put("totalResults", 2)
                .put("totalPages", 1));
  }

  @Test
  @DisplayName("PATCH changes only the fields it names, keeps createdAt and moves updatedAt")
  void patchIsPartial() {
    JsonObject created =
        ApiBodies.create(api, valid("before").put("clientCuids", new JsonArray().add("cclient1")));

    JsonObject patched =
        api.patch(path(created), new JsonObject().put("name", "after")).expect(200).json();

    assertThat(patched.getString("name")).isEqualTo("after");
    JsonObject unchanged = created.copy();
    JsonObject rest = patched.copy();
    for (String field : List.of("name", "updatedAt")) {
      unchanged.remove(field);
      rest.remove(field);
    }
    assertThat(rest).isEqualTo(unchanged);
    assertThat(patched.getString("updatedAt"))
        .matches(ISO_MILLIS)
        .isGreaterThanOrEqualTo(created.getString("updatedAt"));
    assertThat(api.get(path(created)).expect(200).json()).isEqualTo(patched);
  }

  @Test
  @DisplayName("PATCH can change every field at once")
  void patchEverything() {
    JsonObject created = ApiBodies.create(api, valid());
    JsonObject changes =
        new JsonObject()
            .put("clientCuids", new JsonArray().add("ca").add("cb"))
            .put("name", "renamed")
            .put("url", "http://203.0.113.11:8080/other?x=1")
            .put("secret", "s3cret")
            .put("sslVerification", false)
            .put("events", new JsonArray().add("ReportStatusChanged").add("AssessmentSubmitted"))
            .put("enabled", false);

    JsonObject patched = api.patch(path(created), changes).expect(200).json();

    assertThat(patched.getJsonArray("clientCuids")).containsExactly("ca", "cb");
    assertThat(patched.getString("name")).isEqualTo("renamed");
    assertThat(patched.getString("url")).isEqualTo("http://203.0.113.11:8080/other?x=1");
    assertThat(patched.getBoolean("hasSecret")).isTrue();
    assertThat(patched.getBoolean("sslVerification")).isFalse();
    assertThat(patched.getJsonArray("events"))
        .containsExactly("ReportStatusChanged", "AssessmentSubmitted");
    assertThat(patched.getBoolean("enabled")).isFalse();
  }

  @Test
  @DisplayName("PATCH with an empty body is a 400 and changes nothing")
  void patchEmpty() {
    JsonObject created = ApiBodies.create(api, valid());

    ApiBodies.error(api.patch(path(created), new JsonObject()), 400, "validation_failed");

    assertThat(api.get(path(created)).json()).isEqualTo(created);
  }

  @Test
  @DisplayName(
      "hasSecret follows the secret: set on create, kept by other changes, removed by secret null, set again by PATCH")
  void secretLifecycle() {
    JsonObject w = ApiBodies.create(api, valid().put("secret", "first-secret"));
    assertThat(w.getBoolean("hasSecret")).isTrue();

    assertThat(
            api.patch(path(w), new JsonObject().put("name", "x"))
                .expect(200)
                .json()
                .getBoolean("hasSecret"))
        .isTrue();
    assertThat(
            api.patch(path(w), new JsonObject().putNull("secret"))
                .expect(200)
                .json()
                .getBoolean("hasSecret"))
        .isFalse();
    assertThat(api.get(path(w)).json().getBoolean("hasSecret")).isFalse();
    assertThat(
            api.patch(path(w), new JsonObject().put("secret", "second"))
                .expect(200)
                .json()
                .getBoolean("hasSecret"))
        .isTrue();
  }

  @Test
  @DisplayName("Creating with secret null is allowed and means no secret")
  void createWithNullSecret() {
    assertThat(ApiBodies.create(api, valid().putNull("secret")).getBoolean("hasSecret")).isFalse();
  }

  @Test
  @DisplayName("The secret never appears in any response: create, get, list or patch")
  void secretIsWriteOnly() {
    String secret = "very-secret-value-42";
    List<Api.Response> responses = new ArrayList<>();
    Api.Response created = api.post(PATH, valid().put("secret", secret)).expect(201);
    responses.add(created);
    String path = path(created.json());
    responses.add(api.get(path).expect(200));
    responses.add(api.get(PATH).expect(200));
    responses.add(api.patch(path, new JsonObject().put("secret", secret + "-2")).expect(200));

    for (Api.Response r : responses) {
      assertThat(r.body()).doesNotContain(secret).doesNotContain("\"secret\"");
    }
    String tooLong = "y".repeat(257);
    assertThat(api.patch(path, new JsonObject().put("secret", tooLong)).expect(400).body())
        .doesNotContain(tooLong);
  }

  @Test
  @DisplayName(
      "DELETE answers 204 with no body; the webhook is gone from get, list and a second delete")
  void delete() {
    JsonObject kept = ApiBodies.create(api, valid("kept"));
    JsonObject gone = ApiBodies.create(api, valid("gone"));

    Api.Response deleted = api.delete(path(gone)).expect(204);

    assertThat(deleted.body()).isNullOrEmpty();
    ApiBodies.error(api.get(path(gone)), 404, "not_found");
    ApiBodies.error(api.delete(path(gone)), 404, "not_found");
    ApiBodies.error(api.patch(path(gone), new JsonObject().put("name", "x")), 404, "not_found");
    assertThat(api.get(PATH).json().getJsonArray("data")).containsExactly(kept);
  }

  @Test
  @DisplayName("An unknown webhook cuid is a 404 JSON error for get, patch and delete")
  void unknownWebhook() {
    String path = PATH + "/cnosuchwebhook000000000000";

    ApiBodies.error(api.get(path), 404, "not_found");
    ApiBodies.error(api.patch(path, new JsonObject().put("name", "x")), 404, "not_found");
    ApiBodies.error(api.delete(path), 404, "not_found");
  }

  @Test
  @DisplayName(
      "Re-enabling a webhook the server disabled (receiver answered 410) clears disabledReason")
  void reEnableClearsReason() {
    try (Receiver receiver = Receiver.answering(410)) {
      JsonObject w = ApiBodies.create(api, valid().put("url", receiver.url("/gone")));
      api.post(
              "/api/internal/events",
              new JsonObject().put("event", "ReportPublished").put("targetCuid", "ct1"))
          .expect(202);

      JsonObject disabled =
          Wait.forValue(
              "the webhook is disabled after a 410",
              () -> api.get(path(w)).expect(200).json(),
              h -> !h.getBoolean("enabled"));
      assertThat(disabled.getString("disabledReason")).contains("410");

      JsonObject enabled =
          api.patch(path(w), new JsonObject().put("enabled", true)).expect(200).json();
      assertThat(enabled.getBoolean("enabled")).isTrue();
      assertThat(enabled.getString("disabledReason")).isNull();
      assertThat(api.get(path(w)).json().getString("disabledReason")).isNull();
    }
  }
}
