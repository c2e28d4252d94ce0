package io.hookrelay.delivery;

import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfException;
import io.hookrelay.security.SsrfGuard;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed POST: checks the target's addresses with the SSRF guard, connects to the checked
 * address (Host header and SNI keep the name), and ends the attempt at its deadline — resolving,
 * waiting for a connection, sending and reading all spend the same {@code timeoutMs}, and the
 * request is reset when it runs out ({@link Exchange}). Never fails: every problem comes back as a
 * {@link Result} with an error.
 */
final class Sender {

  /** One attempt's result; {@code statusCode} null when no response came. */
  record Result(
      Integer statusCode, String snippet, String retryAfter, String error, long durationMs) {
    boolean success() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  /**
   * What to send. {@code id} is the delivery cuid (stable across retries). {@code previousSecret}
   * signs beside {@code secret} while {@code previousSecretExpiresAt} is ahead (secret rotation).
   */
  record Request(
      String url,
      boolean sslVerification,
      String id,
      String event,
      int attempt,
      String secret,
      byte[] body,
      String previousSecret,
      Instant previousSecretExpiresAt) {

    /** A request signed with one secret (or none). */
    Request(
        String url,
        boolean sslVerification,
        String id,
        String event,
        int attempt,
        String secret,
        byte[] body) {
      this(url, sslVerification, id, event, attempt, secret, body, null, null);
    }

    /** The previous secret if it still signs now, else null. */
    String previousSecretNow() {
      return previousSecret != null
              && previousSecretExpiresAt != null
              && previousSecretExpiresAt.isAfter(Instant.now())
          ? previousSecret
          : null;
    }
  }

  static final int SNIPPET_BYTES = 1024;
  private static final int TARGET_CACHE_MAX = 10_000;

  private final HttpClients clients;
  private final AddressResolver resolver;
  private final long timeoutMs;
  private final String userAgent;
  private final Map<String, SsrfGuard.Target> targets = new HashMap<>();

  Sender(HttpClients clients, AddressResolver resolver, long timeoutMs, String userAgent) {
    this.clients = clients;
    this.resolver = resolver;
    this.timeoutMs = timeoutMs;
    this.userAgent = userAgent;
  }

  Future<Result> send(Request request) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    SsrfGuard.Target target;
    try {
      target = target(request.url());
    } catch (SsrfException e) {
      return Future.succeededFuture(failure("url " + e.getMessage(), start));
    }
    return resolver
        .resolve(target.host())
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(
            address ->
                clients.request(
                    request.sslVerification(), options(request, target, address), deadline))
        .compose(req -> Exchange.run(clients, req, Buffer.buffer(request.body()), deadline))
        .map(
            r ->
                new Result(
                    r.statusCode(), r.snippet(), r.retryAfter(), r.error(), elapsedMs(start)))
        .otherwise(e -> failure(describe(e), start));
  }

  private RequestOptions options(Request request, SsrfGuard.Target target, InetAddress address) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.https())
        .setURI(target.pathAndQuery())
        .setFollowRedirects(false)
        .setHeaders(headers(request));
  }

  private MultiMap headers(Request r) {
    long timestamp = System.currentTimeMillis() / 1000;
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json")
            .add("User-Agent", userAgent)
            .add("webhook-id", r.id())
            .add("webhook-timestamp", Long.toString(timestamp))
            .add("X-Hookrelay-Event", r.event())
            .add("X-Hookrelay-Attempt", Integer.toString(r.attempt()));
    if (r.secret() != null) {
      h.add("X-Authorization-HMAC-256", Signer.hmacHex(r.secret(), r.body()));
      String signature = Signer.standardSignature(r.secret(), r.id(), timestamp, r.body());
      String previous = r.previousSecretNow();
      if (previous != null) {
        // during a rotation's grace period: both signatures, the new one first (API.md)
        h.add("X-Authorization-HMAC-256-Previous", Signer.hmacHex(previous, r.body()));
        signature += " " + Signer.standardSignature(previous, r.id(), timestamp, r.body());
      }
      h.add("webhook-signature", signature);
    }
    return h;
  }

  private SsrfGuard.Target target(String url) {
    SsrfGuard.Target target = targets.get(url);
    if (target == null) {
      target = resolver.guard().parse(url);
      if (targets.size() >= TARGET_CACHE_MAX) {
        targets.clear();
      }
      targets.put(url, target);
    }
    return target;
  }

  private String describe(Throwable e) {
    if (e instanceof TimeoutException
        || e instanceof io.netty.handler.timeout.TimeoutException
        || (e.getMessage() != null && e.getMessage().contains("timeout"))) {
      return "timeout after " + timeoutMs + " ms";
    }
    if (e instanceof SsrfException) {
      return "url " + e.getMessage();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static Result failure(String why, long start) {
    return new Result(null, null, null, "Failed to call webhook: " + why, elapsedMs(start));
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
