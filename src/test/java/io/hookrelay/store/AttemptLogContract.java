package io.hookrelay.store;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the delivery log's contract tests share: an empty log before each test, from the store under
 * test, and the helpers that build attempts and queries and walk the log.
 */
@ExtendWith(VertxExtension.class)
public abstract class AttemptLogContract {

  protected static final String REPORT = "ReportPublished";
  protected static final String FINDING = "FindingPublished";

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

  // ---- helpers ---------------------------------------------------------------------------------

  /** Follows nextCursor from {@code after} to the last page, adding each page to {@code pages}. */
  protected Future<List<Page<Attempt>>> walk(
      String tenant, int limit, LogCursor after, List<Page<Attempt>> pages) {
    return log.list(byCursor(tenant, limit, after))
        .compose(
            page -> {
              pages.add(page);
              if (page.nextCursor() == null || pages.size() > 100) {
                return Future.succeededFuture(pages);
              }
              return walk(tenant, limit, cursorAfter(page), pages);
            });
  }

  /** {@code query}'s filters, from another start. */
  protected static AttemptQuery from(AttemptQuery query, int offset, LogCursor after) {
    return new AttemptQuery(
        query.tenantCuid(),
        query.webhookCuid(),
        query.status(),
        query.event(),
        query.eventCuid(),
        query.since(),
        query.until(),
        query.limit(),
        offset,
        after);
  }

  protected static LogCursor cursorAfter(Page<Attempt> page) {
    return LogCursor.decode(page.nextCursor()).orElseThrow();
  }

  protected Future<Void> appendAll(List<List<Attempt>> batches) {
    Future<Void> done = Future.succeededFuture();
    for (List<Attempt> batch : batches) {
      done = done.compose(v -> log.append(batch));
    }
    return done;
  }

  protected static AttemptQuery byCursor(String tenant, int limit, LogCursor after) {
    return new AttemptQuery(tenant, null, null, null, null, null, null, limit, 0, after);
  }

  protected static AttemptQuery offset(String tenant, int limit, int offset) {
    return new AttemptQuery(tenant, null, null, null, null, null, null, limit, offset, null);
  }

  protected static AttemptQuery query(
      String tenant,
      String webhook,
      String status,
      String event,
      String eventCuid,
      Instant since,
      Instant until) {
    return new AttemptQuery(tenant, webhook, status, event, eventCuid, since, until, 100, 0, null);
  }

  protected static Attempt attempt(
      String tenant, String webhook, Attempt.Status status, Instant at) {
    return attempt(tenant, webhook, REPORT, Cuid.next(), status, at);
  }

  protected static Attempt attempt(
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

  protected static Instant now() {
    return StoreContract.now();
  }

  protected static <T> void expect(
      VertxTestContext ctx, Future<T> future, StoreContract.Check<T> check) {
    StoreContract.expect(ctx, future, check);
  }
}
