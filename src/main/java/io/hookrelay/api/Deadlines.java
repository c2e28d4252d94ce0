package io.hookrelay.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http.requestTimeoutMs} for one API verticle's connections: a request must have fully
 * arrived (headers and body) within that time, counted from the connection's opening for its first
 * request and from the headers for the next ones; after a request has arrived, the next one must
 * have arrived within {@code http.idleTimeoutSeconds} plus {@code http.requestTimeoutMs} (so a
 * client cannot hold a connection by trickling the headers of its next request). A connection
 * overrunning it gets a {@code 408} when no answer has started, and is closed. Time the server
 * itself spends answering is never counted against the client. All of it runs on the verticle's
 * event loop, so the map needs no lock.
 */
final class Deadlines {

  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

  private final Vertx vertx;
  private final long requestTimeoutMs;
  private final long nextRequestMs;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  Deadlines(Vertx vertx, long requestTimeoutMs, int idleTimeoutSeconds) {
    this.vertx = vertx;
    this.requestTimeoutMs = requestTimeoutMs;
    this.nextRequestMs = idleTimeoutSeconds * 1000L + requestTimeoutMs;
  }

  /** A new connection: its first request must be in within the request timeout. */
  void opened(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(
        v -> {
          watch.cancel();
          watches.remove(connection);
        });
    watch.arm(requestTimeoutMs);
  }

  /** A request's headers are in: the rest of it must follow within the request timeout. */
  void received(HttpServerRequest request) {
    Watch watch = watches.get(request.connection());
    if (watch == null) {
      return;
    }
    watch.current = request;
    watch.armNoLaterThan(requestTimeoutMs);
    request.end().onSuccess(v -> watch.arrived(request));
  }

  private final class Watch {
    private final HttpConnection connection;
    private HttpServerRequest current;
    private long timer = -1;
    private long due;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(long ms) {
      cancel();
      due = System.nanoTime() + ms * 1_000_000L;
      timer = vertx.setTimer(ms, id -> expired());
    }

    void armNoLaterThan(long ms) {
      if (timer < 0 || due - System.nanoTime() > ms * 1_000_000L) {
        arm(ms);
      }
    }

    void arrived(HttpServerRequest request) {
      if (current == request) {
        arm(nextRequestMs);
      }
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private void expired() {
      timer = -1;
      if (current != null && current.isEnded() && !current.response().ended()) {
        arm(nextRequestMs); // the server is still answering: not the client's time
        return;
      }
      LOG.debug("closing a connection from {}: request timeout", connection.remoteAddress());
      if (current != null && !current.isEnded() && !current.response().headWritten()) {
        current.response().putHeader("Connection", "close");
        Failures.writeRaw(
                current.response(),
                408,
                "request_timeout",
                "the request did not arrive within " + requestTimeoutMs + " ms")
            .onComplete(v -> connection.close());
      } else {
        connection.close();
      }
    }
  }
}
