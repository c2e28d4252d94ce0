package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
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
    Future<List<Page<Attempt>>> pages =
        stores
            .attempts()
            .append(mine.subList(0, 3))
            .compose(v -> stores.attempts().append(List.of(theirs, mine.get(3), mine.get(4))))
            .compose(
                v ->
                    Future.all(
                            List.of(
                                stores.attempts().list(query(tenant, null, null, null, 2, 0)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 2)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 4)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 9))))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(mine.get(4), mine.get(3));
          assertThat(p.get(1).items()).containsExactly(mine.get(2), mine.get(1));
          assertThat(p.get(2).items()).containsExactly(mine.get(0));
          assertThat(p.get(3).items()).isEmpty();
          assertThat(p).allSatisfy(page -> assertThat(page.total()).isEqualTo(5));
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
    Future<List<Page<Attempt>>> pages =
        stores
            .attempts()
            .append(List.of(a1, a2, a3, a4))
            .compose(
                v ->
                    Future.all(
                            List.of(
                                stores.attempts().list(query(tenant, hookA, null, null, 25, 0)),
                                stores.attempts().list(query(tenant, null, "failed", null, 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, null, null, "ReportPublished", 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, hookA, "failed", "ReportPublished", 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, hookB, "succeeded", null, 25, 0))))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(a4, a2, a1);
          assertThat(p.get(1).items()).containsExactly(a4, a2);
          assertThat(p.get(2).items()).containsExactly(a4, a3, a1);
          assertThat(p.get(3).items()).containsExactly(a4);
          assertThat(p.get(4).items()).isEmpty();
          assertThat(p.get(4).total()).isZero();
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
    Future<List<Object>> steps =
        stores
            .attempts()
            .append(plus(olds, fresh))
            .compose(v -> stores.attempts().purgeBefore(cutoff, 2))
            .map(n -> List.<Object>of(n))
            .compose(r -> stores.attempts().purgeBefore(cutoff, 2).map(n -> plus(r, n)))
            .compose(r -> stores.attempts().purgeBefore(cutoff, 2).map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .attempts()
                        .list(query(tenant, null, null, null, 25, 0))
                        .map(p -> plus(r, p)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.subList(0, 3)).containsExactly(2, 1, 0);
          @SuppressWarnings("unchecked")
          Page<Attempt> left = (Page<Attempt>) r.get(3);
          assertThat(left.items()).containsExactly(fresh);
        });
  }

  @Test
  @DisplayName("The health check answers while the store works")
  void health(VertxTestContext ctx) {
    expect(ctx, stores.health().check(), v -> {});
  }
}
