package io.hookrelay.store;

import java.time.Instant;

/**
 * What became of one claimed delivery. {@code attempts} is the count after this attempt (unchanged
 * for {@link Kind#DEFERRED}); {@code nextAttemptAt} is set for RETRY and DEFERRED.
 */
public record Outcome(
    String deliveryCuid,
    String webhookCuid,
    Kind kind,
    int attempts,
    Instant nextAttemptAt,
    String reason) {

  public enum Kind {
    /** 2xx: done; the webhook's failure streak resets. */
    SUCCEEDED,
    /** Failed, another attempt at {@code nextAttemptAt}. */
    RETRY,
    /** Failed and out of attempts; counts towards auto-disable. */
    FAILED,
    /** 410 Gone: failed, no retry, and the webhook is disabled with {@code reason}. */
    GONE,
    /** Not attempted (its host was saturated here): back to the queue, no attempt counted. */
    DEFERRED
  }

  public static Outcome succeeded(String delivery, String webhook, int attempts) {
    return new Outcome(delivery, webhook, Kind.SUCCEEDED, attempts, null, null);
  }

  public static Outcome retry(String delivery, String webhook, int attempts, Instant at) {
    return new Outcome(delivery, webhook, Kind.RETRY, attempts, at, null);
  }

  public static Outcome failed(String delivery, String webhook, int attempts) {
    return new Outcome(delivery, webhook, Kind.FAILED, attempts, null, null);
  }

  public static Outcome gone(String delivery, String webhook, int attempts, String reason) {
    return new Outcome(delivery, webhook, Kind.GONE, attempts, null, reason);
  }

  public static Outcome deferred(String delivery, String webhook, int attempts, Instant at) {
    return new Outcome(delivery, webhook, Kind.DEFERRED, attempts, at, null);
  }
}
