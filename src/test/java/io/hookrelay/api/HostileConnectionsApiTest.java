package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.RawHttp;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send half a request, or none, or no token (API.md "Request bodies and hostile
 * clients"): the token is checked as soon as the headers are in, and {@code http.requestTimeoutMs}
 * and {@code http.idleTimeoutSeconds} close connections that do not move on. Plain sockets, so the
 * test controls every byte.
 */
class HostileConnectionsApiTest {

  private static final long REQUEST_TIMEOUT_MS = 1_000;
  // longer than the request timeout, so that the one closing a half-sent request is that one
  private static final int IDLE_TIMEOUT_SECONDS = 3;
  private static final Duration GENEROUS = Duration.ofSeconds(20);

  @RegisterExtension
  static final SharedServer shared =
      new SharedServer(
          new JsonObject()
              .put(
                  "http",
                  new JsonObject()
                      .put("requestTimeoutMs", REQUEST_TIMEOUT_MS)
                      .put("idleTimeoutSeconds", IDLE_TIMEOUT_SECONDS)));

  private static String upload(String path, String authorization, int length) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Length: "
        + length
        + "\r\n\r\n";
  }

  private static byte[] part(int bytes) {
    return ("{\"name\": \"" + "x".repeat(bytes)).getBytes();
  }

  @Test
  @DisplayName(
      "An upload without a token gets its 401 as soon as its headers are in, before its body is sent")
  void anonymousUploadRefusedAtHeaders() {
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      raw.send(upload("/api/internal/webhooks", null, 500_000)).send(part(1_000));

      RawHttp.Response response = raw.response(GENEROUS);

      assertThat(response.status()).isEqualTo(401);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("unauthorized");
      assertThat(response.head()).containsIgnoringCase("connection: close");
    }
  }

  @Test
  @DisplayName("An upload with an unknown token gets its 401 before its body is sent, too")
  void unknownTokenRefusedAtHeaders() {
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      raw.send(upload("/api/internal/events", "Bearer hr_no-such-token", 500_000));

      assertThat(raw.response(GENEROUS).status()).isEqualTo(401);
    }
  }

  @Test
  @DisplayName(
      "An authenticated request whose body stops halfway gets a 408 after http.requestTimeoutMs, and its connection is closed")
  void halfSentBodyTimesOut() {
    TenantClient acme = shared.tenant("Acme");
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      raw.send(upload("/api/internal/webhooks", "Bearer " + acme.token(), 10_000))
          .send(part(1_000));

      RawHttp.Response response = raw.response(GENEROUS);

      assertThat(response.status()).isEqualTo(408);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("request_timeout");
      raw.closedWithin(GENEROUS);
    }
  }

  @Test
  @DisplayName("A connection whose headers never finish is closed after http.requestTimeoutMs")
  void unfinishedHeadersClosed() {
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      raw.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

      raw.closedWithin(GENEROUS);
    }
  }

  @Test
  @DisplayName(
      "A kept-alive connection serves several requests, and is closed once idle for http.idleTimeoutSeconds")
  void idleConnectionClosed() {
    try (RawHttp raw = new RawHttp(shared.server().port())) {
      String health = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      assertThat(raw.send(health).response(GENEROUS).status()).isEqualTo(200);
      assertThat(raw.send(health).response(GENEROUS).status()).isEqualTo(200);

      raw.closedWithin(GENEROUS);
    }
  }
}
