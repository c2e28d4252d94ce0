package io.hookrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The bench's few blocking calls to 127.0.0.1 — the admin API, health checks, the sink's stats —
 * made from the bench's main thread, never from an event loop, each with a timeout.
 */
final class Control {

  /** An answer: status and body. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  Answer get(int port, String path) throws IOException, InterruptedException {
    return get(port, path, null);
  }

  Answer get(int port, String path, String token) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(port, path)).GET(), token);
  }

  Answer post(int port, String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(port, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    return send(request, token);
  }

  /** A POST that must answer {@code status}; anything else stops the bench with the answer. */
  JsonObject expect(int status, int port, String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    Answer answer = post(port, path, token, body);
    if (answer.status() != status) {
      throw new IllegalStateException(
          "POST "
              + path
              + " answered "
              + answer.status()
              + " (wanted "
              + status
              + "): "
              + answer.body());
    }
    return answer.json();
  }

  /** Whether {@code GET path} answers 200 (false when nothing listens yet). */
  boolean ok(int port, String path) throws InterruptedException {
    try {
      return get(port, path).status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private Answer send(HttpRequest.Builder request, String token)
      throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
