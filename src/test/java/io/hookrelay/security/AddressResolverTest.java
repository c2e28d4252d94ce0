package io.hookrelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resolving off the event loop and judging every address; only literals and localhost (no DNS
 * traffic).
 */
@ExtendWith(VertxExtension.class)
class AddressResolverTest {

  private static AddressResolver strict(Vertx vertx) {
    return new AddressResolver(vertx, new SsrfGuard(false, List.of()));
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
