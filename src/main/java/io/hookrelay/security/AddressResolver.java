package io.hookrelay.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a webhook's host off the event loop and checks every address with the {@link SsrfGuard};
 * the caller connects to the address returned, so there is no window for DNS rebinding. Answers are
 * cached for a short time per instance (one instance per verticle: no locking).
 */
public final class AddressResolver {

  private static final long CACHE_MS = 30_000;
  private static final int CACHE_MAX = 10_000;

  private record Cached(InetAddress address, RuntimeException refusal, long until) {}

  private final Vertx vertx;
  private final SsrfGuard guard;
  private final Map<String, Cached> cache = new HashMap<>();

  public AddressResolver(Vertx vertx, SsrfGuard guard) {
    this.vertx = vertx;
    this.guard = guard;
  }

  public SsrfGuard guard() {
    return guard;
  }

  /**
   * Why a URL is refused (its form or any of its host's addresses), or null when the SSRF rules
   * allow it.
   */
  public Future<String> urlRefusal(String url) {
    try {
      return resolve(guard.parse(url).host())
          .map(address -> (String) null)
          .recover(
              e ->
                  e instanceof SsrfException
                      ? Future.succeededFuture("is refused: " + e.getMessage())
                      : Future.failedFuture(e));
    } catch (SsrfException e) {
      return Future.succeededFuture(e.getMessage());
    }
  }

  /** The checked address to connect to, or a failed future with an {@link SsrfException}. */
  public Future<InetAddress> resolve(String host) {
    long now = System.currentTimeMillis();
    Cached hit = cache.get(host);
    if (hit != null && hit.until > now) {
      return hit.refusal != null
          ? Future.failedFuture(hit.refusal)
          : Future.succeededFuture(hit.address);
    }
    if (IpLiteral.isLiteral(host)) {
      return check(host, List.of(IpLiteral.parse(host)))
          .andThen(ar -> remember(host, ar.result(), ar.failed() ? ar.cause() : null, now));
    }
    return vertx
        .executeBlocking(() -> Arrays.asList(InetAddress.getAllByName(host)), false)
        .recover(e -> Future.failedFuture(new SsrfException("host " + host + " does not resolve")))
        .compose(addresses -> check(host, addresses))
        .andThen(ar -> remember(host, ar.result(), ar.failed() ? ar.cause() : null, now));
  }

  private Future<InetAddress> check(String host, List<InetAddress> addresses) {
    try {
      guard.checkAddresses(host, addresses);
      return Future.succeededFuture(addresses.get(0));
    } catch (SsrfException e) {
      return Future.failedFuture(e);
    }
  }

  private void remember(String host, InetAddress address, Throwable failure, long now) {
    if (cache.size() >= CACHE_MAX) {
      cache.clear();
    }
    RuntimeException refusal = failure instanceof SsrfException s ? s : null;
    if (address != null || refusal != null) {
      cache.put(host, new Cached(address, refusal, now + CACHE_MS));
    }
  }
}
