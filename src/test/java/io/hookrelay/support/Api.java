package io.hookrelay.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A small blocking HTTP client for tests (it waits on the calling test thread, never on an event
 * loop). Every call returns a {@link Response} to assert on.
 */
public final class Api implements AutoCloseable {

  private final Vertx vertx;
  private final boolean ownVertx;
  private final WebClient client;
  private final String token;

  /**
   * A client on a Vert.x of its own, closed with it: for static fixtures without VertxExtension,
   * and for clients that must outlive the server they talk to (whose Vert.x a test may close).
   */
  public Api(int port, String token) {
    this(Vertx.vertx(), true, port, token);
  }

  /** A client on the caller's Vert.x (e.g. VertxExtension's); {@link #close()} leaves it open. */
  public Api(Vertx vertx, int port, String token) {
    this(vertx, false, port, token);
  }

  private Api(Vertx vertx, boolean ownVertx, int port, String token) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    this.token = token;
  }

  public Response get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  public Response post(String path, Object body) {
    return send(HttpMethod.POST, path, body);
  }

  public Response patch(String path, Object body) {
    return send(HttpMethod.PATCH, path, body);
  }

  public Response delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  /**
   * Sends {@code body} as JSON (a JsonObject/JsonArray), as raw text (a String), or nothing (null),
   * with {@code Authorization: Bearer <token>} when this client has a token.
   */
  public Response send(HttpMethod method, String path, Object body) {
    return sendWithHeader(method, path, body, token == null ? null : "Bearer " + token);
  }

  public Response sendWithHeader(
      HttpMethod method, String path, Object body, String authorization) {
    var request = client.request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    Buffer payload =
        body == null
            ? null
            : body instanceof JsonObject o
                ? o.toBuffer()
                : body instanceof JsonArray a ? a.toBuffer() : Buffer.buffer(body.toString());
    if (payload != null) {
      request.putHeader("Content-Type", "application/json");
    }
    HttpResponse<Buffer> response =
        (payload == null ? request.send() : request.sendBuffer(payload)).await();
    return new Response(
        response.statusCode(),
        response.bodyAsString(),
        response.getHeader("Content-Type"),
        response.headers());
  }

  @Override
  public void close() {
    if (ownVertx) {
      vertx.close().await();
    } else {
      client.close();
    }
  }

  /** A response: status, body text, content type and every header. */
  public record Response(int status, String body, String contentType, MultiMap headers) {

    /** The header's first value, or null. */
    public String header(String name) {
      return headers.get(name);
    }

    public Response expect(int expected) {
      assertThat(status).as("status of a response with body %s", body).isEqualTo(expected);
      return this;
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The {@code details} of an error body as "field: message" lines. */
    public JsonArray details() {
      return json().getJsonArray("details", new JsonArray());
    }
  }
}
