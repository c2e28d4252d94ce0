package io.hookrelay.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request and its response, ended by the attempt's deadline: at the deadline the request is
 * reset, which closes its connection, whatever the receiver is doing. The response body is read up
 * to {@link #MAX_READ_BYTES}; the first {@link Sender#SNIPPET_BYTES} are kept for the log, and a
 * longer body is not read further (the connection is closed). A connection goes back to the pool
 * only after a response read to its end.
 */
final class Exchange {

  static final int MAX_READ_BYTES = 64 * 1024;

  private record Read(Sender.Result result, boolean reusable) {}

  private Exchange() {}

  /**
   * Sends {@code body} and reads the answer; fails with a {@link TimeoutException} at the deadline.
   */
  static Future<Sender.Result> run(
      HttpClients clients, HttpClientRequest request, Buffer body, long deadlineNanos) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (left <= 0) {
      request.reset(); // obtained too late: never sent
      clients.finished(request, false);
      return Future.failedFuture(new TimeoutException("deadline passed"));
    }
    Promise<Read> done = Promise.promise();
    long timer =
        clients
            .vertx()
            .setTimer(
                left,
                id -> {
                  if (done.tryFail(new TimeoutException("deadline passed"))) {
                    request.reset();
                  }
                });
    request
        .send(body)
        .compose(response -> read(request, response))
        .onSuccess(done::tryComplete)
        .onFailure(done::tryFail);
    return done.future()
        .andThen(
            ar -> {
              clients.vertx().cancelTimer(timer);
              clients.finished(request, ar.succeeded() && ar.result().reusable());
            })
        .map(Read::result);
  }

  private static Future<Read> read(HttpClientRequest request, HttpClientResponse response) {
    Promise<Read> done = Promise.promise();
    Buffer snippet = Buffer.buffer();
    long[] total = {0};
    response.handler(
        chunk -> {
          if (done.future().isComplete()) {
            return;
          }
          int room = Sender.SNIPPET_BYTES - snippet.length();
          if (room > 0) {
            snippet.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
          }
          total[0] += chunk.length();
          if (total[0] > MAX_READ_BYTES) {
            done.tryComplete(new Read(result(response, snippet), false));
            request.reset(); // closes the connection: the rest is never read
          }
        });
    response.exceptionHandler(done::tryFail);
    response.endHandler(
        v ->
            done.tryComplete(
                new Read(
                    result(response, snippet),
                    !"close".equalsIgnoreCase(response.getHeader("Connection")))));
    return done.future();
  }

  private static Sender.Result result(HttpClientResponse response, Buffer snippet) {
    int status = response.statusCode();
    boolean ok = status >= 200 && status < 300;
    return new Sender.Result(
        status,
        snippet.toString(StandardCharsets.UTF_8),
        response.getHeader("Retry-After"),
        ok ? null : "Failed to call webhook: receiver answered " + status,
        0);
  }
}
