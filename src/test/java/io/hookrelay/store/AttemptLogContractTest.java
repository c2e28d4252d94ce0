package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery log at scale, run against each store by a subclass: keyset paging by cursor, the
 * filters eventCuid, since and until, and the count that stops at {@link AttemptLog#COUNT_LIMIT}.
 * Every test starts from an empty log.
 */
@ExtendWith(VertxExtension.class)
public abstract class AttemptLogContractTest {

  private static final String REPORT = "ReportPublished";
  private static final String FINDING = "FindingPublished";

  protected AttemptLog log;

  /** An empty attempt log for the next test. */
  protected abstract Future<AttemptLog> freshLog(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    freshLog(vertx)
        .onComplete(
            ctx.succeeding(
                l -> {
                  log = l;
                  ctx.completeNow();
                }));
  }

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
    Future<List<Page<Attempt>>> walk =
        appendAll(batches)
            .compose(v -> log.list(byCursor(tenant, 500, null)))
            .compose(all -> walk(tenant, 5, null, new ArrayList<>(List.of(all))));
    expect(
        ctx,
        walk,
        pages -> {
          Page<Attempt> all = pages.get(0);
          List<Page<Attempt>> walked = pages.subList(1, pages.size());
          assertThat(all.items()).hasSize(23).containsExactlyInAnyOrderElementsOf(mine);
          assertThat(all.items())
              .isSortedAccordingTo(Comparator.comparing(Attempt::createdAt).reversed());
          assertThat(all.nextCursor()).isNull();
          assertThat(walked).hasSize(5);
          assertThat(walked.stream().flatMap(p -> p.items().stream()).toList())
              .isEqualTo(all.items());
          assertThat(walked).allSatisfy(p -> assertThat(p.total()).isEqualTo(23));
          assertThat(walked.subList(0, 4)).allSatisfy(p -> assertThat(p.nextCursor()).isNotNull());
          assertThat(walked.get(4).items()).hasSize(3);
          assertThat(walked.get(4).nextCursor()).isNull();
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
    Future<List<Page<Attempt>>> pages =
        log.append(first)
            .compose(v -> log.list(byCursor(tenant, 4, null)))
            .compose(
                p1 ->
                    log.append(later)
                        .compose(
                            v ->
                                log.list(
                                    byCursor(
                                        tenant,
                                        4,
                                        LogCursor.decode(p1.nextCursor()).orElseThrow())))
                        .compose(
                            p2 -> log.list(offset(tenant, 4, 4)).map(p3 -> List.of(p1, p2, p3))));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items())
              .containsExactly(first.get(9), first.get(8), first.get(7), first.get(6));
          assertThat(p.get(1).items())
              .containsExactly(first.get(5), first.get(4), first.get(3), first.get(2));
          assertThat(p.get(1).total()).isEqualTo(13);
          assertThat(p.get(2).items())
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
    List<AttemptQuery> queries =
        List.of(
            query(tenant, null, null, null, eventX, null, null),
            query(tenant, hookA, null, null, eventX, null, null),
            query(tenant, null, "failed", null, eventX, null, null),
            query(tenant, null, null, null, null, t0.plusSeconds(1), t0.plusSeconds(3)),
            query(tenant, hookA, "failed", null, null, t0.plusSeconds(2), null),
            query(tenant, null, "failed", FINDING, null, null, t0.plusSeconds(4)),
            query(tenant, hookB, null, null, eventX, t0.plusSeconds(2), null),
            query(tenant, null, null, null, null, t0.plusSeconds(2), t0.plusSeconds(2)),
            query(tenant, null, null, null, Cuid.next(), null, null));
    Future<List<Page<Attempt>>> pages =
        log.append(List.of(a4, a0, other, a1, a3, a2))
            .compose(
                v ->
                    Future.all(queries.stream().map(log::list).toList())
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(a2, a1, a0);
          assertThat(p.get(1).items()).containsExactly(a2, a0);
          assertThat(p.get(2).items()).containsExactly(a2);
          assertThat(p.get(3).items()).containsExactly(a2, a1);
          assertThat(p.get(4).items()).containsExactly(a3, a2);
          assertThat(p.get(5).items()).containsExactly(a3);
          assertThat(p.get(6).items()).isEmpty();
          assertThat(p.get(7).items()).isEmpty();
          assertThat(p.get(8).items()).isEmpty();
          for (Page<Attempt> page : p) {
            assertThat(page.total()).isEqualTo(page.items().size());
            assertThat(page.nextCursor()).isNull();
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
    Future<List<Page<Attempt>>> pages =
        log.append(all)
            .compose(v -> log.list(window))
            .compose(
                p1 ->
                    log.list(
                            new AttemptQuery(
                                tenant,
                                hook,
                                "failed",
                                null,
                                null,
                                t0.plusSeconds(6),
                                t0.plusSeconds(27),
                                3,
                                0,
                                LogCursor.decode(p1.nextCursor()).orElseThrow()))
                        .compose(
                            p2 ->
                                log.list(
                                        new AttemptQuery(
                                            tenant,
                                            hook,
                                            "failed",
                                            null,
                                            null,
                                            t0.plusSeconds(6),
                                            t0.plusSeconds(27),
                                            3,
                                            2,
                                            null))
                                    .map(p3 -> List.of(p1, p2, p3))));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(failed).hasSize(4);
          assertThat(p.get(0).items()).containsExactlyElementsOf(failed.subList(0, 3));
          assertThat(p.get(1).items()).containsExactly(failed.get(3));
          assertThat(p.get(1).nextCursor()).isNull();
          assertThat(p.get(2).items()).containsExactlyElementsOf(failed.subList(2, 4));
          assertThat(p).allSatisfy(page -> assertThat(page.total()).isEqualTo(4));
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
    Future<List<Page<Attempt>>> pages =
        appendAll(batches)
            .compose(
                v ->
                    Future.all(
                            log.list(offset(tenant, 25, 0)),
                            log.list(query(tenant, hook, "succeeded", null, null, null, null)),
                            log.list(query(tenant, hook, "retrying", null, null, null, null)))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).total()).isEqualTo(AttemptLog.COUNT_LIMIT + 1);
          assertThat(p.get(0).items()).hasSize(25);
          assertThat(p.get(0).items().get(0).createdAt()).isEqualTo(t0.plusMillis(n - 1));
          assertThat(p.get(1).total()).isEqualTo(AttemptLog.COUNT_LIMIT + 1);
          assertThat(p.get(2).total()).isEqualTo(11);
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

  // ---- helpers ---------------------------------------------------------------------------------

  /** Follows nextCursor from {@code after} to the last page, adding each page to {@code pages}. */
  private Future<List<Page<Attempt>>> walk(
      String tenant, int limit, LogCursor after, List<Page<Attempt>> pages) {
    return log.list(byCursor(tenant, limit, after))
        .compose(
            page -> {
              pages.add(page);
              if (page.nextCursor() == null || pages.size() > 100) {
                return Future.succeededFuture(pages);
              }
              return walk(tenant, limit, LogCursor.decode(page.nextCursor()).orElseThrow(), pages);
            });
  }

  private Future<Void> appendAll(List<List<Attempt>> batches) {
    Future<Void> done = Future.succeededFuture();
    for (List<Attempt> batch : batches) {
      done = done.compose(v -> log.append(batch));
    }
    return done;
  }

  private static AttemptQuery byCursor(String tenant, int limit, LogCursor after) {
    return new AttemptQuery(tenant, null, null, null, null, null, null, limit, 0, after);
  }

  private static AttemptQuery offset(String tenant, int limit, int offset) {
    return new AttemptQuery(tenant, null, null, null, null, null, null, limit, offset, null);
  }

  private static AttemptQuery query(
      String tenant,
      String webhook,
      String status,
      String event,
      String eventCuid,
      Instant since,
      Instant until) {
    return new AttemptQuery(tenant, webhook, status, event, eventCuid, since, until, 100, 0, null);
  }

  private static Attempt attempt(String tenant, String webhook, Attempt.Status status, Instant at) {
    return attempt(tenant, webhook, REPORT, Cuid.next(), status, at);
  }

  private static Attempt attempt(
      String tenant,
      String webhook,
      String event,
      String eventCuid,
      Attempt.Status status,
      Instant at) {
    boolean ok = status == Attempt.Status.SUCCEEDED;
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        eventCuid,
        event,
        "https://receiver.example/in",
        1,
        status,
        ok ? 200 : 500,
        7,
        ok ? null : "Failed to call webhook: receiver answered 500",
        ok ? "ok" : "nope",
        at);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** An assertion block that may throw. */
  private interface Check<T> {
    void accept(T value) throws Throwable;
  }

  private static <T> void expect(VertxTestContext ctx, Future<T> future, Check<T> check) {
    future.onComplete(
        ctx.succeeding(
            value ->
                ctx.verify(
                    () -> {
                      check.accept(value);
                      ctx.completeNow();
                    })));
  }
}
