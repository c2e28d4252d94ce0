package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.delivery.RetryPolicy.Decision;
import io.hookrelay.delivery.RetryPolicy.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final long HOUR = 3_600_000L;

  /** 2024-01-01 was a Monday. */
  private static final Clock NEW_YEAR =
      Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** The documented defaults (1 s × 4^(n-1), capped at one hour) without jitter. */
  private static RetryPolicy exact() {
    return new RetryPolicy(1000, 4, HOUR, 0, () -> 0.5, NEW_YEAR);
  }

  private static RetryPolicy jittered(double randomValue) {
    return new RetryPolicy(1000, 4, HOUR, 0.2, () -> randomValue, NEW_YEAR);
  }

  @Test
  @DisplayName("Retries wait 1 s, 4 s, 16 s … with multiplier 4 until the one-hour cap")
  void growthSequence() {
    RetryPolicy policy = exact();
    long[] waits = new long[9];
    for (int n = 1; n <= waits.length; n++) {
      waits[n - 1] = policy.backoffMs(n);
    }
    assertThat(waits).containsExactly(1000, 4000, 16000, 64000, 256000, 1024000, HOUR, HOUR, HOUR);
  }

  @Test
  @DisplayName("A non-integral multiplier grows the wait by that factor each retry")
  void fractionalMultiplier() {
    RetryPolicy policy = new RetryPolicy(200, 1.5, 10_000, 0, () -> 0.5);
    assertThat(
            List.of(
                policy.backoffMs(1), policy.backoffMs(2), policy.backoffMs(3), policy.backoffMs(4)))
        .containsExactly(200L, 300L, 450L, 675L);
  }

  @Test
  @DisplayName("Huge retry numbers stay at the cap instead of overflowing")
  void noOverflow() {
    RetryPolicy policy = new RetryPolicy(86_400_000L, 100, 7 * 86_400_000L, 0, () -> 0.5);
    assertThat(policy.backoffMs(1_000)).isEqualTo(7 * 86_400_000L);
    assertThat(policy.backoffMs(Integer.MAX_VALUE)).isEqualTo(7 * 86_400_000L);
    assertThat(jittered(0.999_999).backoffMs(Integer.MAX_VALUE)).isEqualTo(HOUR);
  }

  @Test
  @DisplayName("Jitter moves the wait by at most ± the jitter fraction, reaching both ends")
  void jitterExtremes() {
    assertThat(jittered(0.0).backoffMs(2)).isEqualTo(3200);
    assertThat(jittered(0.5).backoffMs(2)).isEqualTo(4000);
    assertThat(jittered(Math.nextDown(1.0)).backoffMs(2)).isEqualTo(4800);
  }

  @Test
  @DisplayName("Ten thousand jittered waits all stay within ±20 % and spread over the whole range")
  void jitterBoundsOverManySamples() {
    SplittableRandom random = new SplittableRandom(42);
    RetryPolicy policy = new RetryPolicy(1000, 4, HOUR, 0.2, random::nextDouble);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      waits.add(policy.backoffMs(3));
    }
    LongSummaryStatistics stats = waits.stream().mapToLong(Long::longValue).summaryStatistics();
    assertThat(stats.getMin()).isBetween(12_800L, 13_000L);
    assertThat(stats.getMax()).isBetween(19_000L, 19_200L);
    assertThat(stats.getAverage()).isBetween(15_800.0, 16_200.0);
    assertThat(waits.stream().distinct().count()).isGreaterThan(1000);
  }

  @Test
  @DisplayName(
      "Jitter at the cap never pushes a wait above maxBackoffMs, and full jitter never below zero")
  void jitterRespectsCapAndZero() {
    assertThat(jittered(Math.nextDown(1.0)).backoffMs(20)).isEqualTo(HOUR);
    assertThat(jittered(0.0).backoffMs(20)).isEqualTo(Math.round(HOUR * 0.8));
    RetryPolicy full = new RetryPolicy(1000, 2, HOUR, 1.0, () -> 0.0);
    assertThat(full.backoffMs(1)).isZero();
  }

  @Test
  @DisplayName("A zero initial backoff retries at once, whatever the retry number")
  void zeroInitialBackoff() {
    RetryPolicy policy = new RetryPolicy(0, 4, HOUR, 0.2, () -> 0.9);
    assertThat(policy.backoffMs(1)).isZero();
    assertThat(policy.backoffMs(5000)).isZero();
  }

  @Test
  @DisplayName("Retry numbers below 1 and nonsensical settings are refused")
  void invalidArguments() {
    assertThatThrownBy(() -> exact().backoffMs(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(-1, 4, HOUR, 0, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, 0.5, HOUR, 0, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Double.NaN, HOUR, 0, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, 4, HOUR, 1.5, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("Any 2xx succeeds, even on the last attempt")
  void twoHundredsSucceed() {
    for (int status : new int[] {200, 201, 202, 204, 299}) {
      assertThat(exact().decide(1, 6, status, null))
          .as("status %d", status)
          .isEqualTo(Decision.SUCCEEDED);
      assertThat(exact().decide(6, 6, status, null))
          .as("status %d", status)
          .isEqualTo(Decision.SUCCEEDED);
    }
  }

  @Test
  @DisplayName("410 Gone stops delivery at once, even with attempts left")
  void goneStops() {
    assertThat(exact().decide(1, 6, 410, "5")).isEqualTo(Decision.GONE);
    assertThat(exact().decide(6, 6, 410, null)).isEqualTo(Decision.GONE);
  }

  @Test
  @DisplayName("Errors, redirects and no response at all retry with the backoff of that retry")
  void failuresRetry() {
    for (Integer status :
        Arrays.asList(500, 502, 404, 400, 401, 301, 302, 304, 307, 199, 300, null)) {
      assertThat(exact().decide(1, 6, status, null))
          .as("status %s", status)
          .isEqualTo(Decision.retryAfter(1000));
    }
    assertThat(exact().decide(3, 6, 500, null)).isEqualTo(new Decision(Kind.RETRY, 16_000));
    assertThat(exact().decide(5, 6, null, null)).isEqualTo(new Decision(Kind.RETRY, 256_000));
  }

  @Test
  @DisplayName("A failure on the last allowed attempt is final")
  void exhausted() {
    assertThat(exact().decide(6, 6, 500, null)).isEqualTo(Decision.FAILED);
    assertThat(exact().decide(6, 6, null, null)).isEqualTo(Decision.FAILED);
    assertThat(exact().decide(1, 1, 302, null)).isEqualTo(Decision.FAILED);
    assertThat(exact().decide(6, 6, 429, "1")).isEqualTo(Decision.FAILED);
  }

  @Test
  @DisplayName(
      "Retry-After in delta-seconds on 429 and 503 replaces the computed backoff, without jitter")
  void retryAfterSeconds() {
    assertThat(jittered(0.0).decide(1, 6, 429, "120")).isEqualTo(Decision.retryAfter(120_000));
    assertThat(jittered(0.9).decide(4, 6, 503, " 7 ")).isEqualTo(Decision.retryAfter(7_000));
    assertThat(exact().decide(5, 6, 503, "0")).isEqualTo(Decision.retryAfter(0));
  }

  @Test
  @DisplayName("Retry-After on other statuses is ignored")
  void retryAfterOnlyFor429And503() {
    assertThat(exact().decide(1, 6, 500, "120")).isEqualTo(Decision.retryAfter(1000));
    assertThat(exact().decide(2, 6, 502, "120")).isEqualTo(Decision.retryAfter(4000));
    assertThat(exact().decide(1, 6, null, "120")).isEqualTo(Decision.retryAfter(1000));
  }

  @Test
  @DisplayName("Retry-After is capped at maxBackoffMs, however large")
  void retryAfterCapped() {
    assertThat(exact().decide(1, 6, 429, "3601")).isEqualTo(Decision.retryAfter(HOUR));
    assertThat(exact().decide(1, 6, 503, "99999999999999999999999999"))
        .isEqualTo(Decision.retryAfter(HOUR));
    assertThat(exact().decide(1, 6, 503, "Tue, 02 Jan 2024 00:00:00 GMT"))
        .isEqualTo(Decision.retryAfter(HOUR));
  }

  @Test
  @DisplayName("Retry-After as an IMF-fixdate waits until that moment, and a past date means now")
  void retryAfterImfFixdate() {
    assertThat(exact().decide(1, 6, 503, "Mon, 01 Jan 2024 00:02:00 GMT"))
        .isEqualTo(Decision.retryAfter(120_000));
    assertThat(exact().decide(1, 6, 429, "Sun, 31 Dec 2023 23:00:00 GMT"))
        .isEqualTo(Decision.retryAfter(0));
  }

  @Test
  @DisplayName("Retry-After in the obsolete RFC 850 and asctime date forms is understood too")
  void retryAfterObsoleteDates() {
    assertThat(exact().decide(1, 6, 503, "Monday, 01-Jan-24 00:00:30 GMT"))
        .isEqualTo(Decision.retryAfter(30_000));
    assertThat(exact().decide(1, 6, 503, "Mon Jan  1 00:00:45 2024"))
        .isEqualTo(Decision.retryAfter(45_000));
  }

  @Test
  @DisplayName("An unparseable, negative or empty Retry-After is ignored in favour of the backoff")
  void retryAfterGarbage() {
    for (String garbage :
        Arrays.asList(
            "soon",
            "-5",
            "1.5",
            "12abc",
            "",
            "   ",
            null,
            "+30",
            "0x10",
            "Mon, 32 Jan 2024 00:00:00 GMT",
            "2024-01-01T00:02:00Z")) {
      assertThat(exact().decide(2, 6, 429, garbage))
          .as("Retry-After %s", garbage)
          .isEqualTo(Decision.retryAfter(4000));
    }
  }

  @Test
  @DisplayName("The policy built from the delivery settings uses their backoff, cap and jitter")
  void fromConfig() {
    HookrelayConfig.Delivery delivery =
        new HookrelayConfig.Delivery(
            5000, 5, 1000, 4, 20_000, 0.2, 50, 100, 0, 256, 2048, 256, 60_000, 1000, 2000);
    RetryPolicy policy = RetryPolicy.from(delivery);
    for (int i = 0; i < 1000; i++) {
      assertThat(policy.backoffMs(1)).isBetween(800L, 1200L);
      assertThat(policy.backoffMs(2)).isBetween(3200L, 4800L);
      assertThat(policy.backoffMs(4)).isBetween(16_000L, 20_000L);
    }
    assertThat(policy.decide(2, 6, 503, "60")).isEqualTo(Decision.retryAfter(20_000));
  }
}
