package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.RawHttp;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body is JSON whatever its Content-Type says (curl's {@code -d} sends {@code
 * application/x-www-form-urlencoded}): never parsed as a form, and no field of it ever becomes a
 * request parameter.
 */
class BodyContentTypeApiTest {

  private static final Duration GENEROUS = Duration.ofSeconds(20);

  @RegisterExtension static final SharedServer shared = new SharedServer();

  private static RawHttp.Response post(String path, String token, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      raw.send(
              "POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\n"
                  + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                  + "Content-Length: "
                  + bytes.length
                  + "\r\n\r\n")
          .send(bytes);
      return raw.response(GENEROUS);
    }
  }

  /**
   * A valid webhook of exactly {@code size} bytes, its URL's path padded: one long run without
   * {@code =} or {@code &}, as JSON usually is.
   */
  private static String webhookOfSize(int size) {
    JsonObject body = ApiBodies.valid("n").put("url", ApiBodies.URL + "/");
    int padding = size - body.encode().length();
    return body.put("url", ApiBodies.URL + "/" + "x".repeat(padding)).encode();
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "text/plain",
        "application/octet-stream",
        "application/json; charset=utf-8"
      })
  @DisplayName("A JSON body of 1,100 bytes creates a webhook whatever its Content-Type says")
  void anyContentType(String contentType) {
    TenantClient acme = shared.tenant("Acme");
    String body = webhookOfSize(1_100);
    assertThat(body).hasSize(1_100);

    RawHttp.Response response = post(ApiBodies.PATH, acme.token(), contentType, body);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(new JsonObject(response.body()).getString("url"))
        .isEqualTo(new JsonObject(body).getString("url"));
  }

  @Test
  @DisplayName("A JSON body without any Content-Type is read as JSON too")
  void noContentType() {
    TenantClient acme = shared.tenant("Acme");

    RawHttp.Response response =
        post(ApiBodies.PATH, acme.token(), null, ApiBodies.valid().encode());

    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  @Test
  @DisplayName(
      "Text in a JSON body that reads like a form (a&tenantCuid=…) stays text and never names a tenant")
  void formLikeTextIsNotAParameter() {
    TenantClient acme = shared.tenant("Acme");
    TenantClient other = shared.tenant("Other");
    String text = "a&tenantCuid=" + other.cuid() + "&b=c";
    String event =
        new JsonObject()
            .put("event", "ReportPublished")
            .put("targetCuid", "c1")
            .put("text", text)
            .encode();

    RawHttp.Response response =
        post("/api/internal/events", acme.token(), "application/x-www-form-urlencoded", event);

    assertThat(response.status()).as(response.body()).isEqualTo(202);
  }

  @Test
  @DisplayName(
      "The admin's tenantCuid comes from the query only: one smuggled in a JSON body's text is no parameter")
  void adminTenantFromQueryOnly() {
    TenantClient acme = shared.tenant("Acme");
    String body = ApiBodies.valid("x&tenantCuid=" + acme.cuid() + "&y=z").encode();

    RawHttp.Response response =
        post(ApiBodies.PATH, TestServer.ADMIN, "application/x-www-form-urlencoded", body);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    JsonObject error = new JsonObject(response.body());
    assertThat(error.getString("error")).isEqualTo("validation_failed");
    assertThat(error.getJsonArray("details").getJsonObject(0).getString("field"))
        .isEqualTo("tenantCuid");
    assertThat(acme.api().get(ApiBodies.PATH).expect(200).json().getJsonArray("data")).isEmpty();
  }
}
