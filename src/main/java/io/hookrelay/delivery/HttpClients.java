package io.hookrelay.delivery;

import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two pooled clients of one delivery verticle: one that verifies TLS certificates and one that
 * trusts all (for webhooks with {@code sslVerification: false}). Keep-alive, at most {@code
 * maxConnectionsPerHost} connections per receiver, and every connection of the process counted
 * against {@code maxConnections} ({@link ConnectionLimit}): a request that may need a new
 * connection takes a slot first, and getting a connection — slot, pool queue, connect — spends the
 * attempt's own deadline. Used on the verticle's event loop only.
 */
final class HttpClients implements AutoCloseable {

  private final Vertx vertx;
  private final Context context;
  private final HttpClient verifying;
  private final HttpClient trustingAll;
  private final ConnectionLimit limit;
  private final ConnectionBook<HttpConnection> book;
  private final ConnectionLimit.Idle evictor;

  HttpClients(Vertx vertx, HookrelayConfig.Delivery config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(config.maxConnectionsPerHost())
            .setMaxWaitQueueSize(config.maxInFlightPerHost());
    this.verifying = vertx.createHttpClient(options(config, false), pool);
    this.trustingAll = vertx.createHttpClient(options(config, true), pool);
    this.limit = ConnectionLimit.shared(vertx, config.maxConnections());
    this.book = new ConnectionBook<>(config.maxConnectionsPerHost());
    this.evictor = new ConnectionLimit.Idle(context, this::closeOneIdle);
    limit.register(evictor);
  }

  private static HttpClientOptions options(HookrelayConfig.Delivery config, boolean trustAll) {
    return new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs()))
        .setForceSni(true)
        .setVerifyHost(!trustAll)
        .setTrustAll(trustAll)
        .setMaxRedirects(0)
        .setDecompressionSupported(false);
  }

  /**
   * A request on a connection, obtained before {@code deadlineNanos} ({@code System.nanoTime()});
   * fails with a {@link TimeoutException} when the time is spent waiting, and is then never sent.
   * Hand the request to {@link #finished} once its exchange is over.
   */
  Future<HttpClientRequest> request(boolean verifyTls, RequestOptions options, long deadlineNanos) {
    String endpoint =
        verifyTls
            + " "
            + options.getServer()
            + " "
            + options.getHost()
            + ":"
            + options.getPort()
            + " "
            + options.isSsl();
    boolean reserve = book.mayOpen(endpoint);
    Future<Void> slot =
        reserve ? limit.acquire(context, remainingMs(deadlineNanos)) : Future.succeededFuture();
    return slot.compose(
        v -> {
          long left = remainingMs(deadlineNanos);
          if (left <= 0) {
            if (reserve) {
              limit.release();
            }
            return Future.failedFuture(new TimeoutException("deadline passed"));
          }
          book.waiting(endpoint, reserve);
          return (verifyTls ? verifying : trustingAll)
              .request(options.setConnectTimeout(left))
              .map(request -> obtained(endpoint, reserve, request))
              .recover(
                  e -> {
                    book.abandoned(endpoint, reserve);
                    if (reserve) {
                      limit.release();
                    }
                    return Future.failedFuture(e);
                  });
        });
  }

  private HttpClientRequest obtained(String endpoint, boolean reserved, HttpClientRequest request) {
    HttpConnection connection = request.connection();
    if (book.obtained(endpoint, reserved, connection)) {
      if (!reserved) {
        limit.forceAcquire(); // a new connection replacing a closed one
      }
      connection.closeHandler(
          v -> {
            if (book.closed(connection)) {
              limit.release();
            }
          });
    } else if (reserved) {
      limit.release(); // an idle connection was free after all
    }
    return request;
  }

  /** The request's exchange is over; {@code reusable}: its connection stays open for the next. */
  void finished(HttpClientRequest request, boolean reusable) {
    book.finished(request.connection(), reusable);
  }

  /** Closes this verticle's longest-idle connection, for a request waiting for a slot. */
  private boolean closeOneIdle() {
    HttpConnection connection = book.evictable();
    if (connection == null) {
      return false;
    }
    connection.close();
    return true;
  }

  private static long remainingMs(long deadlineNanos) {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  @Override
  public void close() {
    limit.unregister(evictor);
    verifying.close();
    trustingAll.close();
  }

  Vertx vertx() {
    return vertx;
  }
}
