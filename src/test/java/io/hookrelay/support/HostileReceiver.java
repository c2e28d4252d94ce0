package io.hookrelay.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver that misbehaves, on 127.0.0.1 and a free port: it never answers, trickles its answer a
 * byte at a time, or streams a body without end. It records every connection (when it opened and
 * closed), every request's {@code webhook-id}, and the bytes it wrote; a shared {@link Gauge}
 * counts the open connections of several receivers together. It runs on the caller's Vert.x (the
 * test's, from VertxExtension), which outlives it.
 */
public final class HostileReceiver implements AutoCloseable {

  /** Open connections of one or more receivers, and the most there ever were at once. */
  public static final class Gauge {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    void opened() {
      max.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void closed() {
      open.decrementAndGet();
    }

    public int open() {
      return open.get();
    }

    public int max() {
      return max.get();
    }
  }

  /** One connection: when it opened and closed ({@code System.nanoTime()}, 0 while open). */
  public static final class Connection {
    public final long openedAt = System.nanoTime();
    public volatile long closedAt;

    public boolean closed() {
      return closedAt != 0;
    }

    public long heldMs() {
      return ((closed() ? closedAt : System.nanoTime()) - openedAt) / 1_000_000;
    }
  }

  private enum Mode {
    HANG,
    TRICKLE,
    ENDLESS,
    FIXED,
    OK
  }

  private static final Buffer CHUNK = Buffer.buffer("x".repeat(64 * 1024));

  private final Vertx vertx;
  private final HttpServer server;
  private final Gauge gauge;
  private final Mode mode;
  private final long param;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<String> ids = new CopyOnWriteArrayList<>();
  private final AtomicLong written = new AtomicLong();

  private HostileReceiver(Vertx vertx, Mode mode, long param, Gauge gauge) {
    this.vertx = vertx;
    this.mode = mode;
    this.param = param;
    this.gauge = gauge;
    this.server =
        vertx
            .createHttpServer()
            .connectionHandler(this::track)
            .requestHandler(this::handle)
            .listen(0, "127.0.0.1")
            .await();
  }

  /** Takes every request and never answers. */
  public static HostileReceiver hanging(Vertx vertx, Gauge gauge) {
    return new HostileReceiver(vertx, Mode.HANG, 0, gauge);
  }

  /** Answers 200 at once, keeping the connection alive. */
  public static HostileReceiver ok(Vertx vertx, Gauge gauge) {
    return new HostileReceiver(vertx, Mode.OK, 0, gauge);
  }

  /** Answers 200 and then one byte of body every {@code intervalMs}, without end. */
  public static HostileReceiver trickling(Vertx vertx, long intervalMs) {
    return new HostileReceiver(vertx, Mode.TRICKLE, intervalMs, new Gauge());
  }

  /** Answers 200 and streams a body as fast as the client reads it, without end. */
  public static HostileReceiver endless(Vertx vertx) {
    return new HostileReceiver(vertx, Mode.ENDLESS, 0, new Gauge());
  }

  /** Answers 200 with a body of {@code bytes} bytes (Content-Length), as fast as it is read. */
  public static HostileReceiver sized(Vertx vertx, long bytes) {
    return new HostileReceiver(vertx, Mode.FIXED, bytes, new Gauge());
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** The {@code webhook-id} of every request, in arrival order. */
  public List<String> ids() {
    return List.copyOf(ids);
  }

  /** Body bytes handed to the socket so far. */
  public long written() {
    return written.get();
  }

  public Gauge gauge() {
    return gauge;
  }

  private void track(HttpConnection connection) {
    Connection c = new Connection();
    connections.add(c);
    gauge.opened();
    connection.closeHandler(
        v -> {
          c.closedAt = System.nanoTime();
          gauge.closed();
        });
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              ids.add(String.valueOf(request.getHeader("webhook-id")));
              HttpServerResponse response = request.response();
              switch (mode) {
                case HANG -> {}
                case OK -> response.end("ok");
                case TRICKLE -> {
                  response.setChunked(true).write("<");
                  vertx.setPeriodic(
                      param,
                      id -> {
                        if (response.closed()) {
                          vertx.cancelTimer(id);
                        } else {
                          response.write("x");
                          written.incrementAndGet();
                        }
                      });
                }
                case ENDLESS -> stream(response.setChunked(true), Long.MAX_VALUE);
                case FIXED -> stream(response.putHeader("Content-Length", "" + param), param);
              }
            });
  }

  /** Writes {@code left} bytes while the socket takes them, then ends. */
  private void stream(HttpServerResponse response, long left) {
    while (left > 0 && !response.closed() && !response.writeQueueFull()) {
      int n = (int) Math.min(CHUNK.length(), left);
      response.write(n == CHUNK.length() ? CHUNK : CHUNK.slice(0, n));
      written.addAndGet(n);
      left -= n;
    }
    if (response.closed()) {
      return;
    }
    if (left == 0) {
      response.end();
      return;
    }
    long rest = left;
    response.drainHandler(v -> stream(response, rest));
  }

  /** Stops the server and cuts its connections; the Vert.x it runs on stays the caller's. */
  @Override
  public void close() {
    server.close().await();
  }
}
