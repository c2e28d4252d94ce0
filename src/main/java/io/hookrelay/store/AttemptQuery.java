package io.hookrelay.store;

import java.time.Instant;

/**
 * A page of the delivery log, newest first. Null filters match everything; {@code since} is
 * inclusive and {@code until} exclusive (by {@code createdAt}). A page starts either {@code offset}
 * matches in, or right after {@code after} (keyset paging; then {@code offset} is 0).
 */
public record AttemptQuery(
    String tenantCuid,
    String webhookCuid,
    String status,
    String event,
    String eventCuid,
    Instant since,
    Instant until,
    int limit,
    int offset,
    LogCursor after) {

  /** A query by tenant, webhook, status and event only, paged by offset. */
  public AttemptQuery(
      String tenantCuid, String webhookCuid, String status, String event, int limit, int offset) {
    this(tenantCuid, webhookCuid, status, event, null, null, null, limit, offset, null);
  }
}
