package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The delivery log at scale, run against each store by a subclass: keyset paging by cursor, the
 * filters eventCuid, since and until, and the count that stops at {@link AttemptLog#COUNT_LIMIT}.
 * Every test starts from an empty log.
 */
public abstract class AttemptLogContractTest extends AttemptLogContract {

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the log for the next step, and a chain ends with {@code .map(seen)}.
   */
  private final class Seen {
    Page<Attempt> all;
    List<Page<Attempt>> walked;
    Page<Attempt> firstPage;
    Page<Attempt> afterCursor;
    Page<Attempt> byOffset;
    Page<Attempt> succeeded;
    Page<Attempt> retrying;

    AttemptLog all(Page<Attempt> v) {
      all = v;
      return log;
    }

    AttemptLog walked(List<Page<Attempt>> v) {
      walked = v;
      return log;
    }

    AttemptLog firstPage(Page<Attempt> v) {
      firstPage = v;
      return log;
    }

    AttemptLog afterCursor(Page<Attempt> v) {
      afterCursor = v;
      return log;
    }

    AttemptLog byOffset(Page<Attempt> v) {
      byOffset = v;
      return log;
    }

    AttemptLog succeeded(Page<Attempt> v) {
      succeeded = v;
      return log;
    }

    AttemptLog retrying(Page<Attempt> v) {
      retrying = v;
      return log;
    }
  }

  /** A query of the log and the attempts it lists, newest first. */
  private record Filter(AttemptQuery query, List<Attempt> expected) {
    Filter(AttemptQuery query, Attempt... expected) {
      this(query, List.of(expected));
    }
  }

  /** A filter and the page it listed. */
  private record Listed(Filter filter, Page<Attempt> page) {}

  @Test
  @DisplayName(
      "Cursor pages walk the whole log once, newest first, through attempts of the same instant and attempts appended out of order")
  void cursorWalk(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = now().minusSeconds(600);
    // 23 attempts, three at a time created at the same instant, appended in a shuffled order in
    // batches of 4 (as delivery verticles interleave); another tenant's attempts in between
    List<Attempt> mine =
        IntStream.range(0, 23)
            .mapToObj(
                i -> attempt(tenant, Cuid.next(), Attempt.Status.SUCCEEDED, t0.plusSeconds(i / 3)))
            .toList();
    List<Attempt> shuffled = new ArrayList<>(mine);
    Collections.shuffle(shuffled, new Random(7));
    List<List<Attempt>> batches = new ArrayList<>();
    for (int i = 0; i < shuffled.size(); i += 4) {
      List<Attempt> batch = new ArrayList<>(shuffled.subList(i, Math.min(i + 4, shuffled.size())));
      batch.add(attempt(Cuid.next(), Cuid.next(), Attempt.Status.SUCCEEDED, t0.plusSeconds(i)));
      batches.add(batch);
    }
    Seen seen = new Seen();
    Future<Seen> steps =
        appendAll(batches)
            .compose(v -> log.list(byCursor(tenant, 500, null)))
            .map(all -> seen.all(all))
            .compose(x -> walk(tenant, 5, null, new ArrayList<>()))
            .map(walked -> seen.walked(walked))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.all.items()).hasSize(23).containsExactlyInAnyOrderElementsOf(mine);
          assertThat(r.all.items())
              .isSortedAccordingTo(Comparator.comparing(Attempt::createdAt).reversed());
          assertThat(r.all.nextCursor()).isNull();
          assertThat(r.walked).hasSize(5);
          assertThat(r.walked.stream().flatMap(p -> p.items().stream()).toList())
              .isEqualTo(r.all.items());
          assertThat(r.walked).allSatisfy(p -> assertThat(p.total()).isEqualTo(23));
          assertThat(r.walked.subList(0, 4))
              .allSatisfy(p -> assertThat(p.nextCursor()).isNotNull());
          assertThat(r.walked.get(4).items()).hasSize(3);
          assertThat(r.walked.get(4).nextCursor()).isNull();
        });
  }

  @Test
  @DisplayName(
      "The page after a cursor stays the same when newer attempts arrive, where an offset would shift")
  void cursorIsStable(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = now().minusSeconds(600);
    List<Attempt> first =
        IntStream.range(0, 10)
            .mapToObj(i -> attempt(tenant, Cuid.next(), Attempt.Status.FAILED, t0.plusSeconds(i)))
            .toList();
    List<Attempt> later =
        IntStream.range(0, 3)
            .mapToObj(
                i -> attempt(tenant, Cuid.next(), Attempt.Status.FAILED, t0.plusSeconds(100 + i)))
            .toList();
    Seen seen = new Seen();
    Future<Seen> steps =
        log.append(first)
            .compose(v -> log.list(byCursor(tenant, 4, null)))
            .compose(page -> seen.firstPage(page).append(later))
            .compose(v -> log.list(byCursor(tenant, 4, cursorAfter(seen.firstPage))))
            .compose(page -> seen.afterCursor(page).list(offset(tenant, 4, 4)))
            .map(page -> seen.byOffset(page))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.firstPage.items())
              .containsExactly(first.get(9), first.get(8), first.get(7), first.get(6));
          assertThat(r.afterCursor.items())
              .containsExactly(first.get(5), first.get(4), first.get(3), first.get(2));
          assertThat(r.afterCursor.total()).isEqualTo(13);
          assertThat(r.byOffset.items())
              .as("offset 4 after three newer attempts")
              .containsExactly(first.get(8), first.get(7), first.get(6), first.get(5));
        });
  }

  @Test
  @DisplayName(
      "eventCuid, since (inclusive) and until (exclusive) filter alone and with webhook, status and event")
  void filters(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String hookA = Cuid.next();
    String hookB = Cuid.next();
    String eventX = Cuid.next();
    Instant t0 = now().minusSeconds(600);
    Attempt a0 = attempt(tenant, hookA, REPORT, eventX, Attempt.Status.RETRYING, t0);
    Attempt a1 =
        attempt(tenant, hookB, REPORT, eventX, Attempt.Status.SUCCEEDED, t0.plusSeconds(1));
    Attempt a2 = attempt(tenant, hookA, REPORT, eventX, Attempt.Status.FAILED, t0.plusSeconds(2));
    Attempt a3 =
        attempt(tenant, hookA, FINDING, Cuid.next(), Attempt.Status.FAILED, t0.plusSeconds(3));
    Attempt a4 =
        attempt(tenant, hookB, FINDING, Cuid.next(), Attempt.Status.FAILED, t0.plusSeconds(4));
    Attempt other =
        attempt(Cuid.next(), hookA, REPORT, eventX, Attempt.Status.FAILED, t0.plusSeconds(2));
    Instant t2 = t0.plusSeconds(2);
    List<Filter> filters =
        List.of(
            new Filter(query(tenant, null, null, null, eventX, null, null), a2, a1, a0),
            new Filter(query(tenant, hookA, null, null, eventX, null, null), a2, a0),
            new Filter(query(tenant, null, "failed", null, eventX, null, null), a2),
            new Filter(
                query(tenant, null, null, null, null, t0.plusSeconds(1), t0.plusSeconds(3)),
                a2,
                a1),
            new Filter(query(tenant, hookA, "failed", null, null, t2, null), a3, a2),
            new Filter(query(tenant, null, "failed", FINDING, null, null, t0.plusSeconds(4)), a3),
            new Filter(query(tenant, hookB, null, null, eventX, t2, null)),
            new Filter(query(tenant, null, null, null, null, t2, t2)),
            new Filter(query(tenant, null, null, null, Cuid.next(), null, null)));
    Future<List<Listed>> listed =
        log.append(List.of(a4, a0, other, a1, a3, a2))
            .compose(
                v ->
                    Future.all(
                            filters.stream()
                                .map(f -> log.list(f.query()).map(page -> new Listed(f, page)))
                                .toList())
                        .map(all -> all.<Listed>list()));
    expect(
        ctx,
        listed,
        all -> {
          assertThat(all).hasSize(filters.size());
          for (Listed l : all) {
            assertThat(l.page().items())
                .as("%s", l.filter().query())
                .containsExactlyElementsOf(l.filter().expected());
            assertThat(l.page().total()).isEqualTo(l.page().items().size());
            assertThat(l.page().nextCursor()).isNull();
          }
        });
  }

  @Test
  @DisplayName("Cursor and offset paging work inside a filter and a time window")
  void pagingInsideFilters(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String hook = Cuid.next();
    Instant t0 = now().minusSeconds(600);
    List<Attempt> failed = new ArrayList<>();
    List<Attempt> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Attempt.Status status = i % 3 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED;
      Attempt a = attempt(tenant, i % 2 == 0 ? hook : Cuid.next(), status, t0.plusSeconds(i));
      all.add(a);
      if (status == Attempt.Status.FAILED && i % 2 == 0 && i >= 6 && i < 27) {
        failed.add(0, a); // newest first: 24, 18, 12, 6
      }
    }
    AttemptQuery window =
        new AttemptQuery(
            tenant, hook, "failed", null, null, t0.plusSeconds(6), t0.plusSeconds(27), 3, 0, null);
    Seen seen = new Seen();
    Future<Seen> steps =
        log.append(all)
            .compose(v -> log.list(window))
            .compose(page -> seen.firstPage(page).list(from(window, 0, cursorAfter(page))))
            .compose(page -> seen.afterCursor(page).list(from(window, 2, null)))
            .map(page -> seen.byOffset(page))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(failed).hasSize(4);
          assertThat(r.firstPage.items()).containsExactlyElementsOf(failed.subList(0, 3));
          assertThat(r.afterCursor.items()).containsExactly(failed.get(3));
          assertThat(r.afterCursor.nextCursor()).isNull();
          assertThat(r.byOffset.items()).containsExactlyElementsOf(failed.subList(2, 4));
          assertThat(List.of(r.firstPage, r.afterCursor, r.byOffset))
              .allSatisfy(page -> assertThat(page.total()).isEqualTo(4));
        });
  }

  @Test
  @DisplayName(
      "The count stops just above COUNT_LIMIT, for a tenant and for a filter; smaller counts stay exact")
  void countIsCapped(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String hook = Cuid.next();
    Instant t0 = now().minusSeconds(3600);
    int n = AttemptLog.COUNT_LIMIT + 50;
    List<List<Attempt>> batches = new ArrayList<>();
    for (int from = 0; from < n; from += 1000) {
      batches.add(
          IntStream.range(from, Math.min(n, from + 1000))
              .mapToObj(
                  i ->
                      attempt(
                          tenant,
                          hook,
                          i % 1000 == 0 ? Attempt.Status.RETRYING : Attempt.Status.SUCCEEDED,
                          t0.plusMillis(i)))
              .toList());
    }
    Seen seen = new Seen();
    Future<Seen> steps =
        appendAll(batches)
            .compose(v -> log.list(offset(tenant, 25, 0)))
            .compose(
                page ->
                    seen.all(page).list(query(tenant, hook, "succeeded", null, null, null, null)))
            .compose(
                page ->
                    seen.succeeded(page)
                        .list(query(tenant, hook, "retrying", null, null, null, null)))
            .map(page -> seen.retrying(page))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.all.total()).isEqualTo(AttemptLog.COUNT_LIMIT + 1);
          assertThat(r.all.items()).hasSize(25);
          assertThat(r.all.items().get(0).createdAt())
              .as("the newest first")
              .isEqualTo(t0.plusMillis(n - 1));
          assertThat(r.succeeded.total()).isEqualTo(AttemptLog.COUNT_LIMIT + 1);
          assertThat(r.retrying.total()).isEqualTo(11);
        });
  }

  @Test
  @DisplayName(
      "An offset past the end, however large, gives an empty page, the total, and no cursor")
  void offsetPastTheEnd(VertxTestContext ctx) {
    String tenant = Cuid.next();
    List<Attempt> three =
        IntStream.range(0, 3)
            .mapToObj(
                i -> attempt(tenant, Cuid.next(), Attempt.Status.FAILED, now().minusSeconds(i)))
            .toList();
    Future<List<Page<Attempt>>> pages =
        log.append(three)
            .compose(
                v ->
                    Future.all(
                            log.list(offset(tenant, 500, 3)),
                            log.list(offset(tenant, 500, Integer.MAX_VALUE)),
                            log.list(
                                new AttemptQuery(
                                    tenant,
                                    null,
                                    "failed",
                                    null,
                                    null,
                                    null,
                                    null,
                                    500,
                                    Integer.MAX_VALUE,
                                    null)))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p ->
            assertThat(p)
                .allSatisfy(
                    page -> {
                      assertThat(page.items()).isEmpty();
                      assertThat(page.total()).isEqualTo(3);
                      assertThat(page.nextCursor()).isNull();
                    }));
  }
}
