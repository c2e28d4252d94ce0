package io.hookrelay.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.Page;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The memory log's own rules: its bound, and the timelines behind its listings. */
@DisplayName("The memory delivery log")
class MemoryAttemptLogTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private final String tenant = Cuid.next();
  private final String hookA = Cuid.next();
  private final String hookB = Cuid.next();

  @Test
  @DisplayName("Holds at most maxLoggedAttempts, dropping the oldest from every listing and filter")
  void bounded() {
    MemoryAttemptLog log = new MemoryAttemptLog(10);
    List<Attempt> all = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      all.add(
          attempt(
              i % 2 == 0 ? hookA : hookB,
              i % 5 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED,
              T0.plusSeconds(i)));
    }
    // in batches of up to 5, each in reverse order
    for (int i = 0; i < 22; i += 5) {
      log.append(reversed(all.subList(i, Math.min(22, i + 5)))).await();
    }
    List<Attempt> kept = reversed(all.subList(12, 22));

    assertThat(list(log, null, null, null).items()).isEqualTo(kept);
    assertThat(list(log, null, null, null).total()).isEqualTo(10);
    assertThat(list(log, hookA, null, null).items())
        .isEqualTo(kept.stream().filter(a -> a.webhookCuid().equals(hookA)).toList());
    assertThat(list(log, null, "failed", null).items()).containsExactly(all.get(20), all.get(15));
    assertThat(list(log, hookB, "failed", null).items()).containsExactly(all.get(15));
    assertThat(list(log, null, null, all.get(11).eventCuid()).items()).isEmpty();
    assertThat(list(log, null, null, all.get(12).eventCuid()).items()).containsExactly(all.get(12));
  }

  @Test
  @DisplayName("Retention removes at most a batch of the oldest, from every filter")
  void purge() {
    MemoryAttemptLog log = new MemoryAttemptLog(100);
    List<Attempt> all =
        IntStream.range(0, 6)
            .mapToObj(i -> attempt(hookA, Attempt.Status.FAILED, T0.plusSeconds(i)))
            .toList();
    log.append(all).await();

    assertThat(log.purgeBefore(T0.plusSeconds(4), 3).await()).isEqualTo(3);
    assertThat(log.purgeBefore(T0.plusSeconds(4), 3).await()).isEqualTo(1);
    assertThat(log.purgeBefore(T0.plusSeconds(4), 3).await()).isZero();
    assertThat(list(log, hookA, "failed", null).items()).containsExactly(all.get(5), all.get(4));
    assertThat(list(log, null, null, all.get(0).eventCuid()).items()).isEmpty();
  }

  @Test
  @DisplayName(
      "A timeline keeps its order through out-of-order additions, growth while wrapped, and removals")
  void timeline() {
    AttemptTimeline t = new AttemptTimeline();
    List<LoggedAttempt> entries = new ArrayList<>();
    long seq = 0;
    for (int i = 0; i < 6; i++) {
      entries.add(
          new LoggedAttempt(attempt(hookA, Attempt.Status.FAILED, T0.plusSeconds(i)), seq++));
    }
    entries.forEach(t::add);
    for (int i = 0; i < 5; i++) {
      assertThat(t.removeFirst()).isEqualTo(entries.get(i)); // the ring's head is now near its end
    }
    List<LoggedAttempt> expected = new ArrayList<>(List.of(entries.get(5)));
    for (int i = 0; i < 40; i++) {
      // every third one arrives 3 s late
      Instant at = T0.plusSeconds(10 + i - (i % 3 == 2 ? 3 : 0));
      LoggedAttempt e = new LoggedAttempt(attempt(hookB, Attempt.Status.SUCCEEDED, at), seq++);
      t.add(e);
      expected.add(e);
    }
    expected.sort(LoggedAttempt.ORDER);

    assertThat(t.size()).isEqualTo(41);
    assertThat(IntStream.range(0, t.size()).mapToObj(t::get).toList()).isEqualTo(expected);
    assertThat(t.countBefore(T0.plusSeconds(10), Long.MIN_VALUE))
        .isEqualTo(2); // at 5 s, and the one of 12 s, 3 s late
    assertThat(t.countBefore(T0.plusSeconds(100), Long.MIN_VALUE)).isEqualTo(41);
    LoggedAttempt middle = expected.get(20);
    assertThat(t.countBefore(middle.createdAt(), middle.seq())).isEqualTo(20);
    assertThat(t.countBefore(middle.createdAt(), middle.seq() + 1)).isEqualTo(21);
    while (t.size() > 1) {
      t.removeFirst();
    }
    assertThat(t.first()).isEqualTo(expected.get(expected.size() - 1));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  private Page<Attempt> list(
      MemoryAttemptLog log, String webhook, String status, String eventCuid) {
    return log.list(
            new AttemptQuery(tenant, webhook, status, null, eventCuid, null, null, 100, 0, null))
        .await();
  }

  private Attempt attempt(String webhook, Attempt.Status status, Instant at) {
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        Cuid.next(),
        "ReportPublished",
        "https://receiver.example/in",
        1,
        status,
        500,
        3,
        null,
        null,
        at);
  }
}
