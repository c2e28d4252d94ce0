package io.hookrelay.delivery;

import io.hookrelay.config.HookrelayConfig;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides what the result of one delivery attempt means (DESIGN.md, "Delivery rules"): any 2xx
 * succeeds; 410 Gone stops at once; anything else (3xx included — redirects are not followed — and
 * no response at all) is retried after a growing, jittered backoff until the attempts run out. On
 * 429 and 503 a valid {@code Retry-After} replaces the backoff, capped at {@code maxBackoffMs}.
 * Immutable and thread-safe as long as the random source is.
 */
public final class RetryPolicy {

  /** What to do after an attempt. */
  public enum Kind {
    SUCCEEDED,
    RETRY,
    GONE,
    FAILED
  }

  /**
   * The verdict on one attempt; {@code delayMs} is the wait before the next one, 0 unless RETRY.
   */
  public record Decision(Kind kind, long delayMs) {
    public static final Decision SUCCEEDED = new Decision(Kind.SUCCEEDED, 0);
    public static final Decision GONE = new Decision(Kind.GONE, 0);
    public static final Decision FAILED = new Decision(Kind.FAILED, 0);

    public static Decision retryAfter(long delayMs) {
      return new Decision(Kind.RETRY, delayMs);
    }
  }

  /** RFC 9110 HTTP-date: IMF-fixdate plus the obsolete RFC 850 and asctime forms. */
  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss zzz")
              .toFormatter(Locale.US),
          new DateTimeFormatterBuilder()
              .appendPattern("EEE MMM")
              .appendLiteral(' ')
              .padNext(2)
              .appendValue(ChronoField.DAY_OF_MONTH)
              .appendPattern(" HH:mm:ss yyyy")
              .toFormatter(Locale.US)
              .withZone(ZoneOffset.UTC));

  private final long initialBackoffMs;
  private final double multiplier;
  private final long maxBackoffMs;
  private final double jitter;
  private final DoubleSupplier random;
  private final Clock clock;

  /**
   * @param random uniform values in [0, 1) for the jitter
   * @param clock the time an HTTP-date {@code Retry-After} is measured from
   */
  public RetryPolicy(
      long initialBackoffMs,
      double multiplier,
      long maxBackoffMs,
      double jitter,
      DoubleSupplier random,
      Clock clock) {
    if (initialBackoffMs < 0 || maxBackoffMs < 0) {
      throw new IllegalArgumentException("backoff times must not be negative");
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1, was " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
    }
    this.initialBackoffMs = initialBackoffMs;
    this.multiplier = multiplier;
    this.maxBackoffMs = maxBackoffMs;
    this.jitter = jitter;
    this.random = random;
    this.clock = clock;
  }

  public RetryPolicy(
      long initialBackoffMs,
      double multiplier,
      long maxBackoffMs,
      double jitter,
      DoubleSupplier random) {
    this(initialBackoffMs, multiplier, maxBackoffMs, jitter, random, Clock.systemUTC());
  }

  /** The policy of the {@code delivery.*} settings, jittered by the calling thread's random. */
  public static RetryPolicy from(HookrelayConfig.Delivery delivery) {
    return new RetryPolicy(
        delivery.initialBackoffMs(),
        delivery.backoffMultiplier(),
        delivery.maxBackoffMs(),
        delivery.jitter(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The wait before retry {@code retry} (1 for the first retry): {@code min(max, initial ×
   * multiplier^(retry-1))}, moved by up to ± jitter of itself, within 0..maxBackoffMs.
   */
  public long backoffMs(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, was " + retry);
    }
    if (initialBackoffMs == 0 || maxBackoffMs == 0) {
      return 0;
    }
    double grown = initialBackoffMs * Math.pow(multiplier, retry - 1.0);
    double base = Math.min(maxBackoffMs, grown);
    double jittered = base * (1 + jitter * (2 * random.getAsDouble() - 1));
    return Math.max(0, Math.min(maxBackoffMs, Math.round(jittered)));
  }

  /**
   * Judges attempt number {@code attempt} (1 for the first) out of {@code maxAttempts}.
   *
   * @param statusCode the response status, or null when no response came (timeout, refused, reset,
   *     TLS failure)
   * @param retryAfterHeader the response's {@code Retry-After} value, or null
   */
  public Decision decide(
      int attempt, int maxAttempts, Integer statusCode, String retryAfterHeader) {
    if (statusCode != null && statusCode >= 200 && statusCode < 300) {
      return Decision.SUCCEEDED;
    }
    if (statusCode != null && statusCode == 410) {
      return Decision.GONE;
    }
    if (attempt >= maxAttempts) {
      return Decision.FAILED;
    }
    if (statusCode != null && (statusCode == 429 || statusCode == 503)) {
      long retryAfter = retryAfterMs(retryAfterHeader);
      if (retryAfter >= 0) {
        return Decision.retryAfter(Math.min(maxBackoffMs, retryAfter));
      }
    }
    return Decision.retryAfter(backoffMs(attempt));
  }

  /**
   * The wait a {@code Retry-After} value asks for in ms (0 for a date already past), or -1 when it
   * is missing, negative or neither delta-seconds nor an HTTP-date.
   */
  long retryAfterMs(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // 1*DIGIT; more digits than a long holds are simply "very long", hence the cap later
      return value.length() > 15 ? Long.MAX_VALUE : Long.parseLong(value) * 1000;
    }
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        long at = ZonedDateTime.parse(value, format).toInstant().toEpochMilli();
        return Math.max(0, at - clock.millis());
      } catch (DateTimeParseException notThisForm) {
        // try the next form
      }
    }
    return -1;
  }
}
