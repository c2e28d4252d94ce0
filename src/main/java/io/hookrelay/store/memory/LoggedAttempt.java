package io.hookrelay.store.memory;

import io.hookrelay.store.LogCursor;
import io.hookrelay.webhook.Attempt;
import java.time.Instant;
import java.util.Comparator;

/**
 * An attempt in the memory log with its sequence number, which orders attempts created at the same
 * instant. The log's order is ({@code createdAt}, {@code seq}), oldest first.
 */
record LoggedAttempt(Attempt attempt, long seq) {

  static final Comparator<LoggedAttempt> ORDER =
      Comparator.comparing((LoggedAttempt e) -> e.attempt.createdAt())
          .thenComparingLong(LoggedAttempt::seq);

  Instant createdAt() {
    return attempt.createdAt();
  }

  /** Whether this entry sorts before the position ({@code at}, {@code seq}). */
  boolean before(Instant at, long seq) {
    int c = attempt.createdAt().compareTo(at);
    return c < 0 || (c == 0 && this.seq < seq);
  }

  LogCursor cursor() {
    return new LogCursor(attempt.createdAt(), seq);
  }
}
