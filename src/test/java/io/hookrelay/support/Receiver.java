package io.hookrelay.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Vertx vertx;
  private final boolean ownVertx;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();
  private volatile Function<Integer, Answer> behaviour;

  private Receiver(Vertx vertx, boolean ownVertx, Function<Integer, Answer> behaviour) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.behaviour = behaviour;
    this.server =
        vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  /**
   * A receiver on a Vert.x of its own, closed with it: for static fixtures without VertxExtension,
   * and so that it outlives the Vert.x of any server a test stops.
   */
  public static Receiver answering(int status) {
    return answering(n -> Answer.status(status));
  }

  /** As {@link #answering(int)}, answering the n-th request (0-based) with {@code behaviour}. */
  public static Receiver answering(Function<Integer, Answer> behaviour) {
    return new Receiver(Vertx.vertx(), true, behaviour);
  }

  /** A receiver on the caller's Vert.x (e.g. VertxExtension's); {@link #close()} leaves it open. */
  public static Receiver answering(Vertx vertx, int status) {
    return answering(vertx, n -> Answer.status(status));
  }

  /** As {@link #answering(Vertx, int)}, answering the n-th request with {@code behaviour}. */
  public static Receiver answering(Vertx vertx, Function<Integer, Answer> behaviour) {
    return new Receiver(vertx, false, behaviour);
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
                timers.add(
                    vertx.setTimer(
                        answer.delayMs(),
                        id -> {
                          timers.remove(id);
                          respond.run();
                        }));
              } else {
                respond.run();
              }
            });
  }

  @Override
  public void close() {
    if (ownVertx) {
      vertx.close().await();
    } else {
      server.close().await();
      timers.forEach(vertx::cancelTimer);
    }
  }
}
