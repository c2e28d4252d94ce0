package io.hookrelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.SilentDns;
import io.hookrelay.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resolving without blocking and judging every address; only literals, localhost (answered from the
 * hosts file) and a DNS server on 127.0.0.1 that never answers — no DNS traffic leaves the machine.
 */
@ExtendWith(VertxExtension.class)
class AddressResolverTest {

  private static final String STALLED = "stalled.hookrelay.test";

  private static SilentDns dns;

  @BeforeAll
  static void startDns() {
    dns = new SilentDns();
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  private static AddressResolver strict(Vertx vertx) {
    return new AddressResolver(vertx, new SsrfGuard(false, List.of()));
  }

  /** A resolver whose only DNS server is {@code dns}, giving up after {@code timeoutMs}. */
  private static AddressResolver behind(Vertx vertx, long timeoutMs) {
    return new AddressResolver(
        vertx,
        new SsrfGuard(
            false, List.of("localhost"), new DnsOptions(List.of(dns.server()), timeoutMs)));
  }

  @Test
  @DisplayName(
      "Resolving a name takes no thread of the shared worker pool: it answers while every worker is busy")
  void noWorkerThreads(Vertx vertx, VertxTestContext ctx) throws Exception {
    int workers = VertxOptions.DEFAULT_WORKER_POOL_SIZE;
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger busy = new AtomicInteger();
    for (int i = 0; i < workers; i++) {
      vertx.executeBlocking(
          () -> {
            busy.incrementAndGet();
            return release.await(30, TimeUnit.SECONDS);
          },
          false);
    }
    Wait.until("every worker thread is busy", () -> busy.get() == workers);
    try {
      new AddressResolver(vertx, new SsrfGuard(false, List.of("localhost")))
          .resolve("localhost")
          .onComplete(
              ctx.succeeding(
                  address ->
                      ctx.verify(
                          () -> {
                            assertThat(address.isLoopbackAddress()).isTrue();
                            ctx.completeNow();
                          })));
      assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS))
          .as("localhost resolved while the worker pool was full")
          .isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  @DisplayName(
      "A zone that never answers gives a clear refusal after the DNS timeout, and is asked again later (not remembered)")
  void silentZoneTimesOut(Vertx vertx) {
    AddressResolver resolver = behind(vertx, 300);
    String url = "https://" + STALLED + "/hook";
    int before = dns.queries();

    String reason = resolver.urlRefusal(url).await();

    assertThat(reason).isEqualTo("is refused: host " + STALLED + " did not resolve within 300 ms");
    assertThat(dns.queries()).as("queries reached the configured server").isGreaterThan(before);
    // a lookup still under way is shared by a new check; once it is over, a check asks again
    int afterFirst = dns.queries();
    Wait.until(
        "a later check of the same host queries DNS again",
        () -> {
          assertThat(resolver.urlRefusal(url).await()).isEqualTo(reason);
          return dns.queries() > afterFirst;
        });
  }

  @Test
  @DisplayName(
      "While a name waits on a zone that never answers, a name from the hosts file resolves at once")
  void silentZoneStallsNobodyElse(Vertx vertx, VertxTestContext ctx) {
    AddressResolver resolver = behind(vertx, 5_000);
    List<Future<String>> stalled = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      stalled.add(resolver.urlRefusal("https://" + i + "." + STALLED + "/hook"));
    }
    resolver
        .urlRefusal("http://localhost:8080/hook")
        .onComplete(
            ctx.succeeding(
                reason ->
                    ctx.verify(
                        () -> {
                          assertThat(reason).isNull();
                          assertThat(stalled)
                              .as("every lookup in the silent zone is still waiting")
                              .noneMatch(Future::isComplete);
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("A refused literal URL gives the reason, prefixed 'is refused'")
  void literalRefused(Vertx vertx, VertxTestContext ctx) {
    strict(vertx)
        .urlRefusal("http://169.254.169.254/latest")
        .onComplete(
            ctx.succeeding(
                reason ->
                    ctx.verify(
                        () -> {
                          assertThat(reason)
                              .isEqualTo(
                                  "is refused: 169.254.169.254 is a non-public address (link-local)");
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("localhost is resolved and refused as loopback")
  void localhostRefused(Vertx vertx, VertxTestContext ctx) {
    strict(vertx)
        .urlRefusal("https://localhost:8443/x")
        .onComplete(
            ctx.succeeding(
                reason ->
                    ctx.verify(
                        () -> {
                          assertThat(reason)
                              .isEqualTo("is refused: resolves to a non-public address");
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("A malformed URL gives the form problem; an allowed URL gives no reason")
  void formAndAllowed(Vertx vertx, VertxTestContext ctx) {
    AddressResolver resolver = strict(vertx);
    Future.all(resolver.urlRefusal("ftp://8.8.8.8/"), resolver.urlRefusal("https://8.8.8.8/"))
        .onComplete(
            ctx.succeeding(
                both ->
                    ctx.verify(
                        () -> {
                          assertThat(both.<String>resultAt(0))
                              .isEqualTo("must be an absolute http or https URL");
                          assertThat(both.<String>resultAt(1)).isNull();
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "A host name on the allow list resolves to its checked address even when it is loopback")
  void allowedName(Vertx vertx, VertxTestContext ctx) {
    AddressResolver resolver =
        new AddressResolver(vertx, new SsrfGuard(false, List.of("localhost")));
    resolver
        .resolve("localhost")
        .onComplete(
            ctx.succeeding(
                address ->
                    ctx.verify(
                        () -> {
                          assertThat(address.isLoopbackAddress()).isTrue();
                          assertThat(address).isIn(List.of(InetAddress.getAllByName("localhost")));
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "A refused host fails resolve() with an SsrfException, also when answered from the cache")
  void refusalIsCached(Vertx vertx, VertxTestContext ctx) {
    AddressResolver resolver = strict(vertx);
    resolver
        .resolve("localhost")
        .<Throwable>transform(first -> Future.succeededFuture(first.cause()))
        .compose(
            first ->
                resolver
                    .resolve("localhost")
                    .<List<Throwable>>transform(
                        second -> Future.succeededFuture(Arrays.asList(first, second.cause()))))
        .onComplete(
            ctx.succeeding(
                causes ->
                    ctx.verify(
                        () -> {
                          assertThat(causes)
                              .allSatisfy(
                                  c ->
                                      assertThat(c)
                                          .isInstanceOf(SsrfException.class)
                                          .hasMessage("resolves to a non-public address"));
                          assertThat(causes.get(1)).hasMessage(causes.get(0).getMessage());
                          ctx.completeNow();
                        })));
  }
}
