package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the admin console reads from every store: the tenant list, and a tenant's attempts counted
 * per webhook. One subclass per store; every test starts from an empty store.
 */
@ExtendWith(VertxExtension.class)
public abstract class ListingsContractTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  protected Stores stores;

  /** An empty store for the next test. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    freshStores(vertx)
        .onComplete(
            ctx.succeeding(
                s -> {
                  stores = s;
                  ctx.completeNow();
                }));
  }

  @Test
  @DisplayName(
      "Tenants are listed newest first, a page at a time, with the total; an empty store lists none")
  void tenantList(VertxTestContext ctx) {
    List<Tenant> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(new Tenant(Cuid.next(), "T" + i, i % 2 == 0, NOW.minusSeconds(100 - i)));
    }
    stores
        .tenants()
        .list(0, 10)
        .compose(
            none -> {
              ctx.verify(
                  () -> {
                    assertThat(none.items()).isEmpty();
                    assertThat(none.total()).isZero();
                  });
              return Future.all(made.stream().map(t -> stores.tenants().create(t)).toList());
            })
        .compose(v -> Future.all(stores.tenants().list(0, 2), stores.tenants().list(4, 2)))
        .onComplete(
            ctx.succeeding(
                pages ->
                    ctx.verify(
                        () -> {
                          Page<Tenant> first = pages.resultAt(0);
                          Page<Tenant> last = pages.resultAt(1);
                          assertThat(first.total()).isEqualTo(5);
                          assertThat(first.items()).containsExactly(made.get(4), made.get(3));
                          assertThat(last.items()).containsExactly(made.get(0));
                          assertThat(last.total()).isEqualTo(5);
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "A tenant's attempts since a time are counted per webhook and status; other tenants, older attempts and test sends are left out")
  void countsByWebhook(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String other = Cuid.next();
    String hookA = Cuid.next();
    String hookB = Cuid.next();
    List<Attempt> attempts =
        List.of(
            attempt(tenant, hookA, Attempt.Status.SUCCEEDED, NOW.minusSeconds(60)),
            attempt(tenant, hookA, Attempt.Status.SUCCEEDED, NOW.minusSeconds(50)),
            attempt(tenant, hookA, Attempt.Status.FAILED, NOW.minusSeconds(40)),
            attempt(tenant, hookA, Attempt.Status.RETRYING, NOW.minusSeconds(30)),
            attempt(tenant, hookB, Attempt.Status.FAILED, NOW.minusSeconds(20)),
            attempt(tenant, hookB, Attempt.Status.SUCCEEDED, NOW.minusSeconds(7200)),
            attempt(tenant, null, Attempt.Status.SUCCEEDED, NOW.minusSeconds(10)),
            attempt(other, hookA, Attempt.Status.SUCCEEDED, NOW.minusSeconds(10)));
    stores
        .attempts()
        .append(attempts)
        .compose(
            v ->
                Future.all(
                    stores.attempts().countsByWebhook(tenant, NOW.minusSeconds(3600)),
                    stores.attempts().countsByWebhook(other, NOW.minusSeconds(3600)),
                    stores.attempts().countsByWebhook(Cuid.next(), NOW.minusSeconds(3600))))
        .onComplete(
            ctx.succeeding(
                all ->
                    ctx.verify(
                        () -> {
                          List<WebhookCounts> mine = all.resultAt(0);
                          List<WebhookCounts> theirs = all.resultAt(1);
                          List<WebhookCounts> nobody = all.resultAt(2);
                          assertThat(mine)
                              .containsExactlyInAnyOrder(
                                  new WebhookCounts(hookA, 2, 1, 1),
                                  new WebhookCounts(hookB, 0, 1, 0));
                          assertThat(theirs).containsExactly(new WebhookCounts(hookA, 1, 0, 0));
                          assertThat(nobody).isEmpty();
                          ctx.completeNow();
                        })));
  }

  private static Attempt attempt(
      String tenant, String webhook, Attempt.Status status, Instant createdAt) {
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        Cuid.next(),
        "ReportPublished",
        "https://203.0.113.10/hook",
        1,
        status,
        status == Attempt.Status.SUCCEEDED ? 200 : 500,
        5,
        null,
        "",
        createdAt);
  }
}
