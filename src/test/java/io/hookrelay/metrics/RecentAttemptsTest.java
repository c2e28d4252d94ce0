package io.hookrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.metrics.RecentAttempts.Kind;
import io.hookrelay.metrics.RecentAttempts.Point;
import io.hookrelay.metrics.RecentAttempts.Window;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecentAttemptsTest {

  private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

  private final AtomicLong now = new AtomicLong(T0);
  private final RecentAttempts recent = new RecentAttempts(now::get);

  @Test
  @DisplayName(
      "A window has the 59 complete 5-second buckets before now, oldest first, empty when nothing happened")
  void emptyWindow() {
    Window w = recent.all();

    assertThat(w.points()).hasSize(RecentAttempts.BUCKETS - 1);
    assertThat(w.points().get(w.points().size() - 1).at())
        .isEqualTo(Instant.parse("2026-12-01T09:59:55Z"));
    assertThat(w.points().get(0).at()).isEqualTo(Instant.parse("2026-12-01T09:55:05Z"));
    assertThat(w.points()).allMatch(p -> p.attempts() == 0 && p.p95Ms() == null);
    assertThat(w.lastMinute().attempts()).isZero();
    assertThat(w.lastMinute().p95Ms()).isNull();
  }

  @Test
  @DisplayName(
      "Attempts are counted by kind in their bucket, which shows once it is complete; the current one is left out")
  void countsByKind() {
    now.set(T0 + 1_000);
    recent.record("ta", Kind.SUCCEEDED, 10);
    recent.record("ta", Kind.SUCCEEDED, 12);
    recent.record("ta", Kind.FAILED, 30);
    recent.record("tb", Kind.RETRYING, 40);

    assertThat(recent.all().lastMinute().attempts()).isZero();

    now.set(T0 + 5_000);
    Point last = recent.all().points().get(RecentAttempts.BUCKETS - 2);
    assertThat(last.at()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(last.succeeded()).isEqualTo(2);
    assertThat(last.failed()).isEqualTo(1);
    assertThat(last.retrying()).isEqualTo(1);
    assertThat(recent.all().lastMinute().attempts()).isEqualTo(4);
  }

  @Test
  @DisplayName("Each tenant sees only its own attempts; an unknown tenant sees an empty window")
  void perTenant() {
    recent.record("ta", Kind.SUCCEEDED, 10);
    recent.record("ta", Kind.SUCCEEDED, 10);
    recent.record("tb", Kind.FAILED, 10);
    recent.record(null, Kind.FAILED, 10);
    now.addAndGet(5_000);

    assertThat(recent.tenant("ta").lastMinute().succeeded()).isEqualTo(2);
    assertThat(recent.tenant("ta").lastMinute().failed()).isZero();
    assertThat(recent.tenant("tb").lastMinute().failed()).isEqualTo(1);
    assertThat(recent.tenant("tc").lastMinute().attempts()).isZero();
    assertThat(recent.all().lastMinute().attempts()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "The last minute sums the last twelve complete buckets; older ones stay in the series until five minutes have passed")
  void lastMinuteAndExpiry() {
    recent.record("ta", Kind.SUCCEEDED, 10);
    now.addAndGet(60_000);
    recent.record("ta", Kind.FAILED, 10);
    now.addAndGet(5_000);

    Window w = recent.all();
    assertThat(w.lastMinute().failed()).isEqualTo(1);
    assertThat(w.lastMinute().succeeded()).isZero();
    assertThat(w.points().stream().mapToLong(Point::succeeded).sum()).isEqualTo(1);

    now.addAndGet(5 * 60_000);
    assertThat(recent.all().points().stream().mapToLong(Point::attempts).sum()).isZero();
  }

  @Test
  @DisplayName(
      "A bucket reused five minutes later starts from zero, and a tenant idle that long is forgotten")
  void reuse() {
    recent.record("ta", Kind.SUCCEEDED, 10);
    now.addAndGet(RecentAttempts.BUCKETS * RecentAttempts.BUCKET_SECONDS * 1000L);
    recent.record("tb", Kind.FAILED, 10);
    now.addAndGet(5_000);

    assertThat(recent.all().lastMinute().succeeded()).isZero();
    assertThat(recent.all().lastMinute().failed()).isEqualTo(1);
    assertThat(recent.tenant("ta").points()).allMatch(p -> p.attempts() == 0);
  }

  @Test
  @DisplayName("The p95 is within 20% above the true value and never above the slowest attempt")
  void p95() {
    for (int i = 1; i <= 100; i++) {
      recent.record("ta", Kind.SUCCEEDED, i * 10L);
    }
    recent.record("tb", Kind.SUCCEEDED, 7);
    now.addAndGet(5_000);

    long p95 = recent.tenant("ta").lastMinute().p95Ms();
    assertThat(p95).isBetween(950L, 1140L);
    assertThat(recent.tenant("tb").lastMinute().p95Ms()).isEqualTo(7L);
    assertThat(recent.tenant("ta").points().get(RecentAttempts.BUCKETS - 2).p95Ms()).isEqualTo(p95);
  }
}
