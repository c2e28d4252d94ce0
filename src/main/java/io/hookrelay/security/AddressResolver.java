package io.hookrelay.security;

import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.internal.resolver.NameResolver;
import io.vertx.core.shareddata.Shareable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a webhook's host without blocking and checks every address with the {@link SsrfGuard};
 * the caller connects to the address returned, so there is no window for DNS rebinding. Answers are
 * cached for a short time per instance (one instance per verticle: no locking).
 *
 * <p>Resolution is Vert.x's asynchronous DNS resolver (the hosts file first, then the DNS servers
 * of {@link DnsOptions}), bounded by its timeout: a zone that never answers holds no thread, and
 * its hosts are refused "for now" (not cached) once the time is up. It is Vert.x's own {@code
 * NameResolver}, the one its HTTP client resolves with, because the public {@code DnsClient} of
 * Vert.x 5.0 returns only the first address and builds (and leaks) a new resolver on every {@code
 * lookup}/{@code lookup6}. One resolver is shared by every instance of a Vert.x.
 */
public final class AddressResolver {

  private static final long CACHE_MS = 30_000;
  private static final int CACHE_MAX = 10_000;

  private record Cached(InetAddress address, RuntimeException refusal, long until) {}

  private final SsrfGuard guard;
  private final NameResolver dns;
  private final long timeoutMs;
  private final Map<String, Cached> cache = new HashMap<>();

  public AddressResolver(Vertx vertx, SsrfGuard guard) {
    this.guard = guard;
    this.dns = Shared.resolver(vertx, guard.dns());
    this.timeoutMs = guard.dns().timeoutMs();
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
    Future<List<InetAddress>> addresses;
    try {
      addresses =
          IpLiteral.isLiteral(host)
              ? Future.succeededFuture(List.of(IpLiteral.parse(host)))
              : lookup(host);
    } catch (SsrfException e) {
      addresses = Future.failedFuture(e);
    }
    return addresses
        .compose(all -> check(host, all))
        .andThen(ar -> remember(host, ar.succeeded() ? ar.result() : null, ar.cause(), now));
  }

  private Future<List<InetAddress>> lookup(String host) {
    Promise<List<InetSocketAddress>> answer = Promise.promise();
    dns.resolveAll(host, answer::handle);
    return answer
        .future()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .<List<InetAddress>>map(all -> all.stream().map(InetSocketAddress::getAddress).toList())
        .recover(e -> Future.failedFuture(unresolved(host, e)));
  }

  private SsrfException unresolved(String host, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof DnsNameResolverTimeoutException) {
        return SsrfException.forNow(
            "host " + host + " did not resolve within " + timeoutMs + " ms");
      }
    }
    return new SsrfException("host " + host + " does not resolve");
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
    RuntimeException refusal = failure instanceof SsrfException s && s.lasting() ? s : null;
    if (address != null || refusal != null) {
      cache.put(host, new Cached(address, refusal, now + CACHE_MS));
    }
  }

  /** The one resolver per Vert.x instance and {@link DnsOptions}, kept in its local shared data. */
  private record Shared(NameResolver resolver) implements Shareable {

    static NameResolver resolver(Vertx vertx, DnsOptions options) {
      return vertx
          .sharedData()
          .<String, Shared>getLocalMap("hookrelay.security.dns")
          .computeIfAbsent(
              options.toString(),
              key -> new Shared(new NameResolver(vertx, addressResolverOptions(options))))
          .resolver();
    }

    private static AddressResolverOptions addressResolverOptions(DnsOptions options) {
      AddressResolverOptions o =
          new AddressResolverOptions()
              .setQueryTimeout(options.timeoutMs())
              .setCacheNegativeTimeToLive(0);
      if (!options.servers().isEmpty()) {
        o.setServers(options.servers().stream().map(Shared::withPort).toList());
      }
      return o;
    }

    /** Vert.x reads {@code host:port} at the last colon; a bracketed IPv6 needs its port. */
    private static String withPort(String server) {
      return server.endsWith("]") ? server + ":53" : server;
    }
  }
}
