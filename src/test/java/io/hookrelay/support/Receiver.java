package io.hookrelay.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real webhook receiver for tests: a Vert.x HTTP server on 127.0.0.1 and a free port that records
 * every request and answers with a programmable {@link Behaviour}.
 */
public final class Receiver implements AutoCloseable {

  /** One received request. {@code at} is System.nanoTime() on arrival. */
  public record Received(String path, MultiMap headers, Buffer body, long at) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** What to answer to the n-th request (0-based): a status, headers, a body, and a delay. */
  public record Answer(
      int status, String body, long delayMs, String location, String retryAfter, boolean silent) {
    public static Answer status(int status) {
      return new Answer(status, "", 0, null, null, false);
    }

    public static Answer delayed(int status, long delayMs) {
      return new Answer(status, "", delayMs, null, null, false);
    }

    public static Answer redirect(String location) {
      return new Answer(302, "", 0, location, null, false);
    }

    public static Answer retryAfter(int status, String retryAfter) {
      return new Answer(status, "", 0, null, retryAfter, false);
    }

    /** Never answers (the connection stays open). */
    public static Answer hang() {
      return new Answer(0, "", 0, null, null, true);
    }

    public Answer withBody(String body) {
      return new Answer(status, body, delayMs, location, retryAfter, silent);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Integer, Answer> behaviour;

  private Receiver(Function<Integer, Answer> behaviour) {
    this.behaviour = behaviour;
    this.server =
        vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  public static Receiver answering(int status) {
    return new Receiver(n -> Answer.status(status));
  }

  public static Receiver answering(Function<Integer, Answer> behaviour) {
    return new Receiver(behaviour);
  }

  public void answer(Function<Integer, Answer> behaviour) {
    this.behaviour = behaviour;
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public int count() {
    return received.size();
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              int n;
              synchronized (received) {
                n = received.size();
                received.add(
                    new Received(
                        request.path(),
                        MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                        body,
                        System.nanoTime()));
              }
              Answer answer = behaviour.apply(n);
              if (answer.silent()) {
                return;
              }
              Runnable respond =
                  () -> {
                    var response = request.response().setStatusCode(answer.status());
                    if (answer.location() != null) {
                      response.putHeader("Location", answer.location());
                    }
                    if (answer.retryAfter() != null) {
                      response.putHeader("Retry-After", answer.retryAfter());
                    }
                    response.end(answer.body());
                  };
              if (answer.delayMs() > 0) {
                vertx.setTimer(answer.delayMs(), id -> respond.run());
              } else {
                respond.run();
              }
            });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
