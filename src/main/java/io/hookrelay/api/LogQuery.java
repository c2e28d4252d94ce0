package io.hookrelay.api;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.LogCursor;
import io.hookrelay.store.Page;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parameters of {@code GET /api/internal/webhookslog}, checked: {@code limit}, then {@code
 * offset} or {@code cursor} (not both), and the filters {@code webhookCuid}, {@code status}, {@code
 * event}, {@code eventCuid}, {@code since} (inclusive) and {@code until} (exclusive).
 */
record LogQuery(
    Paging paging,
    LogCursor cursor,
    String webhookCuid,
    String status,
    String event,
    String eventCuid,
    Instant since,
    Instant until) {

  private static final Set<String> STATUSES = Set.of("succeeded", "failed", "retrying");

  static LogQuery from(RoutingContext ctx) {
    Paging paging = Paging.limits(ctx);
    List<FieldError> errors = new ArrayList<>();
    LogCursor cursor = cursor(ctx, errors);
    String status = text(ctx, "status", errors);
    if (status != null && !STATUSES.contains(status)) {
      errors.add(new FieldError("status", "must be one of succeeded, failed, retrying"));
    }
    Instant since = time(ctx, "since", errors);
    Instant until = time(ctx, "until", errors);
    if (since != null && until != null && until.isBefore(since)) {
      errors.add(new FieldError("until", "must not be before since"));
    }
    LogQuery query =
        new LogQuery(
            paging,
            cursor,
            text(ctx, "webhookCuid", errors),
            status,
            text(ctx, "event", errors),
            text(ctx, "eventCuid", errors),
            since,
            until);
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    return query;
  }

  AttemptQuery forTenant(String tenantCuid) {
    return new AttemptQuery(
        tenantCuid,
        webhookCuid,
        status,
        event,
        eventCuid,
        since,
        until,
        paging.size(),
        paging.offset(),
        cursor);
  }

  /**
   * {@code limit}, {@code offset} (when paging by offset), {@code totalResults} (at most {@link
   * AttemptLog#COUNT_LIMIT}), {@code totalResultsCapped} and {@code nextCursor}.
   */
  JsonObject meta(Page<Attempt> page) {
    JsonObject meta = new JsonObject().put("limit", paging.size());
    if (cursor == null) {
      meta.put("offset", paging.offset());
    }
    return meta.put("totalResults", Math.min(page.total(), AttemptLog.COUNT_LIMIT))
        .put("totalResultsCapped", page.total() > AttemptLog.COUNT_LIMIT)
        .put("nextCursor", page.nextCursor());
  }

  private static LogCursor cursor(RoutingContext ctx, List<FieldError> errors) {
    String raw = ctx.request().getParam("cursor");
    if (raw == null) {
      return null;
    }
    if (ctx.request().getParam("offset") != null) {
      errors.add(new FieldError("cursor", "cannot be combined with offset"));
      return null;
    }
    LogCursor cursor = LogCursor.decode(raw).orElse(null);
    if (cursor == null) {
      errors.add(
          new FieldError("cursor", "is not a cursor this server gave out (meta.nextCursor)"));
    }
    return cursor;
  }

  private static Instant time(RoutingContext ctx, String name, List<FieldError> errors) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(name, "must be an ISO-8601 date and time, e.g. 2026-12-01T00:00:00.000Z"));
      return null;
    }
  }

  /** A filter's value; PostgreSQL cannot hold U+0000, so no filter may contain it. */
  private static String text(RoutingContext ctx, String name, List<FieldError> errors) {
    String raw = ctx.request().getParam(name);
    if (raw != null && raw.indexOf('\0') >= 0) {
      errors.add(new FieldError(name, "must not contain U+0000"));
      return null;
    }
    return raw;
  }
}
