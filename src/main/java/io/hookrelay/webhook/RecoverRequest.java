package io.hookrelay.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code POST /api/internal/webhooks/{cuid}/recover} (API.md "Recovering failed
 * deliveries"): {@code since} required, {@code until} optional (null or absent: no end), both
 * ISO-8601 date-times with an offset; {@code since} not after {@code until} and not before the
 * oldest delivery retention keeps. No other field.
 */
public final class RecoverRequest {

  private static final Set<String> FIELDS = Set.of("since", "until");
  private static final String FORMAT =
      "must be an ISO-8601 date and time with an offset, e.g. 2026-12-01T00:00:00.000Z";

  /** A valid window [since, until); {@code until} null for "up to now and on". */
  public record Window(Instant since, Instant until) {}

  /** The errors, and the window that passed (use it only when there are no errors). */
  public record Result(List<FieldError> errors, Window window) {}

  private RecoverRequest() {}

  /**
   * @param oldest the creation time of the oldest delivery retention may still hold ({@code
   *     retention.days} ago): an older {@code since} cannot be served and is refused
   */
  public static Result validate(Map<String, Object> body, Instant oldest) {
    Fields f = new Fields(body, FIELDS);
    f.require("since");
    Instant since = f.has("since") ? time(f, "since") : null;
    Instant until = f.has("until") && f.raw("until") != null ? time(f, "until") : null;
    if (since != null && since.isBefore(oldest)) {
      f.error(
          "since",
          "must not be before "
              + oldest
              + ": older deliveries are past the retention window (retention.days)");
    } else if (since != null && until != null && since.isAfter(until)) {
      f.error("since", "must not be after until");
    }
    return new Result(List.copyOf(f.errors), new Window(since, until));
  }

  private static Instant time(Fields f, String field) {
    String text = f.string(field, 1, 64);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      f.error(field, FORMAT);
      return null;
    }
  }
}
