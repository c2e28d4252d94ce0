package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The attempt log: appending, listing and retention through the shared stores, run against each
 * store by a subclass.
 */
public abstract class AttemptLogBasicsContractTest extends StoreContract {

  protected AttemptLogBasicsContractTest(ContractStores source) {
    super(source);
  }

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}.
   */
  private final class Seen {
    Page<Attempt> firstPage;
    Page<Attempt> secondPage;
    Page<Attempt> lastPage;
    Page<Attempt> pastTheEnd;
    Page<Attempt> byWebhook;
    Page<Attempt> byStatus;
    Page<Attempt> byEvent;
    Page<Attempt> byAllThree;
    Page<Attempt> byNone;
    final List<Integer> purged = new ArrayList<>();
    Page<Attempt> left;

    Stores firstPage(Page<Attempt> v) {
      firstPage = v;
      return stores;
    }

    Stores secondPage(Page<Attempt> v) {
      secondPage = v;
      return stores;
    }

    Stores lastPage(Page<Attempt> v) {
      lastPage = v;
      return stores;
    }

    Stores pastTheEnd(Page<Attempt> v) {
      pastTheEnd = v;
      return stores;
    }

    Stores byWebhook(Page<Attempt> v) {
      byWebhook = v;
      return stores;
    }

    Stores byStatus(Page<Attempt> v) {
      byStatus = v;
      return stores;
    }

    Stores byEvent(Page<Attempt> v) {
      byEvent = v;
      return stores;
    }

    Stores byAllThree(Page<Attempt> v) {
      byAllThree = v;
      return stores;
    }

    Stores byNone(Page<Attempt> v) {
      byNone = v;
      return stores;
    }

    /** Adds one more purge's count. */
    Stores purged(Integer v) {
      purged.add(v);
      return stores;
    }

    Stores left(Page<Attempt> v) {
      left = v;
      return stores;
    }
  }

  @Test
  @DisplayName(
      "Appended attempts list newest first, page by page, with the total, only for their tenant")
  void attemptPaging(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = now().minusSeconds(60);
    List<Attempt> mine =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    attempt(
                        tenant,
                        Cuid.next(),
                        "ReportPublished",
                        i % 2 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED,
                        t0.plusSeconds(i)))
            .toList();
    Attempt theirs = attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0);
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .attempts()
            .append(mine.subList(0, 3))
            .compose(v -> stores.attempts().append(List.of(theirs, mine.get(3), mine.get(4))))
            .compose(v -> stores.attempts().list(query(tenant, null, null, null, 2, 0)))
            .compose(p -> seen.firstPage(p).attempts().list(query(tenant, null, null, null, 2, 2)))
            .compose(p -> seen.secondPage(p).attempts().list(query(tenant, null, null, null, 2, 4)))
            .compose(p -> seen.lastPage(p).attempts().list(query(tenant, null, null, null, 2, 9)))
            .map(p -> seen.pastTheEnd(p))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.firstPage.items()).containsExactly(mine.get(4), mine.get(3));
          assertThat(r.secondPage.items()).containsExactly(mine.get(2), mine.get(1));
          assertThat(r.lastPage.items()).containsExactly(mine.get(0));
          assertThat(r.pastTheEnd.items()).isEmpty();
          assertThat(List.of(r.firstPage, r.secondPage, r.lastPage, r.pastTheEnd))
              .allSatisfy(page -> assertThat(page.total()).isEqualTo(5));
        });
  }

  @Test
  @DisplayName("The log filters by webhook, status and event, alone and together")
  void attemptFilters(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String hookA = Cuid.next();
    String hookB = Cuid.next();
    Instant t0 = now().minusSeconds(60);
    Attempt a1 = attempt(tenant, hookA, "ReportPublished", Attempt.Status.SUCCEEDED, t0);
    Attempt a2 =
        attempt(tenant, hookA, "FindingPublished", Attempt.Status.FAILED, t0.plusSeconds(1));
    Attempt a3 =
        attempt(tenant, hookB, "ReportPublished", Attempt.Status.RETRYING, t0.plusSeconds(2));
    Attempt a4 =
        attempt(tenant, hookA, "ReportPublished", Attempt.Status.FAILED, t0.plusSeconds(3));
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .attempts()
            .append(List.of(a1, a2, a3, a4))
            .compose(v -> stores.attempts().list(query(tenant, hookA, null, null, 25, 0)))
            .compose(
                p -> seen.byWebhook(p).attempts().list(query(tenant, null, "failed", null, 25, 0)))
            .compose(
                p ->
                    seen.byStatus(p)
                        .attempts()
                        .list(query(tenant, null, null, "ReportPublished", 25, 0)))
            .compose(
                p ->
                    seen.byEvent(p)
                        .attempts()
                        .list(query(tenant, hookA, "failed", "ReportPublished", 25, 0)))
            .compose(
                p ->
                    seen.byAllThree(p)
                        .attempts()
                        .list(query(tenant, hookB, "succeeded", null, 25, 0)))
            .map(p -> seen.byNone(p))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.byWebhook.items()).containsExactly(a4, a2, a1);
          assertThat(r.byStatus.items()).containsExactly(a4, a2);
          assertThat(r.byEvent.items()).containsExactly(a4, a3, a1);
          assertThat(r.byAllThree.items()).containsExactly(a4);
          assertThat(r.byNone.items()).as("hook B's successes: none").isEmpty();
          assertThat(r.byNone.total()).isZero();
        });
  }

  @Test
  @DisplayName(
      "A log query without a tenant covers every tenant, as a null filter matches everything")
  void attemptsAcrossTenants(VertxTestContext ctx) {
    Instant t0 = now().minusSeconds(60);
    Attempt a = attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0);
    Attempt b =
        attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0.plusSeconds(1));
    Future<Page<Attempt>> page =
        stores
            .attempts()
            .append(List.of(a, b))
            .compose(v -> stores.attempts().list(query(null, null, null, null, 25, 0)));
    expect(
        ctx,
        page,
        p -> {
          assertThat(p.items()).containsExactly(b, a);
          assertThat(p.total()).isEqualTo(2);
        });
  }

  @Test
  @DisplayName("Retention removes at most a batch of attempts older than the cutoff per call")
  void attemptPurge(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant old = now().minus(Duration.ofDays(40));
    List<Attempt> olds =
        IntStream.range(0, 3)
            .mapToObj(
                i -> attempt(tenant, Cuid.next(), EVENT, Attempt.Status.FAILED, old.plusSeconds(i)))
            .toList();
    Attempt fresh = attempt(tenant, Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, now());
    Instant cutoff = now().minus(Duration.ofDays(30));
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .attempts()
            .append(plus(olds, fresh))
            .compose(v -> stores.attempts().purgeBefore(cutoff, 2))
            .compose(n -> seen.purged(n).attempts().purgeBefore(cutoff, 2))
            .compose(n -> seen.purged(n).attempts().purgeBefore(cutoff, 2))
            .compose(n -> seen.purged(n).attempts().list(query(tenant, null, null, null, 25, 0)))
            .map(p -> seen.left(p))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.purged).containsExactly(2, 1, 0);
          assertThat(r.left.items()).containsExactly(fresh);
        });
  }

  @Test
  @DisplayName("The health check answers while the store works")
  void health(VertxTestContext ctx) {
    expect(ctx, stores.health().check(), v -> {});
  }
}
