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

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}.
   */
  private final class Seen {
    Page<Tenant> none;
    Page<Tenant> firstPage;
    Page<Tenant> lastPage;
    List<WebhookCounts> mine;
    List<WebhookCounts> theirs;
    List<WebhookCounts> nobodys;

    Stores none(Page<Tenant> v) {
      none = v;
      return stores;
    }

    Stores firstPage(Page<Tenant> v) {
      firstPage = v;
      return stores;
    }

    Stores lastPage(Page<Tenant> v) {
      lastPage = v;
      return stores;
    }

    Stores mine(List<WebhookCounts> v) {
      mine = v;
      return stores;
    }

    Stores theirs(List<WebhookCounts> v) {
      theirs = v;
      return stores;
    }

    Stores nobodys(List<WebhookCounts> v) {
      nobodys = v;
      return stores;
    }
  }

  @Test
  @DisplayName(
      "Tenants are listed newest first, a page at a time, with the total; an empty store lists none")
  void tenantList(VertxTestContext ctx) {
    List<Tenant> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(new Tenant(Cuid.next(), "T" + i, i % 2 == 0, NOW.minusSeconds(100 - i)));
    }
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .tenants()
            .list(0, 10)
            .map(none -> seen.none(none))
            .compose(x -> Future.all(made.stream().map(t -> stores.tenants().create(t)).toList()))
            .compose(v -> stores.tenants().list(0, 2))
            .compose(page -> seen.firstPage(page).tenants().list(4, 2))
            .map(page -> seen.lastPage(page))
            .map(seen);
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          assertThat(r.none.items()).isEmpty();
          assertThat(r.none.total()).isZero();
          assertThat(r.firstPage.total()).isEqualTo(5);
          assertThat(r.firstPage.items()).containsExactly(made.get(4), made.get(3));
          assertThat(r.lastPage.items()).containsExactly(made.get(0));
          assertThat(r.lastPage.total()).isEqualTo(5);
        });
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
    Instant since = NOW.minusSeconds(3600);
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .attempts()
            .append(attempts)
            .compose(v -> stores.attempts().countsByWebhook(tenant, since))
            .compose(counts -> seen.mine(counts).attempts().countsByWebhook(other, since))
            .compose(counts -> seen.theirs(counts).attempts().countsByWebhook(Cuid.next(), since))
            .map(counts -> seen.nobodys(counts))
            .map(seen);
    StoreContract.expect(
        ctx,
        steps,
        r -> {
          assertThat(r.mine)
              .containsExactlyInAnyOrder(
                  new WebhookCounts(hookA, 2, 1, 1), new WebhookCounts(hookB, 0, 1, 0));
          assertThat(r.theirs).containsExactly(new WebhookCounts(hookA, 1, 0, 0));
          assertThat(r.nobodys).isEmpty();
        });
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
