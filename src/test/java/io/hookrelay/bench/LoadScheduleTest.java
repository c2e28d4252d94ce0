package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** At a fixed rate, which requests are due: request k is intended at k / rate seconds. */
class LoadScheduleTest {

  private static final long MS = 1_000_000L;

  @Test
  @DisplayName(
      "Request k is due as soon as its intended time k / rate has come, not one interval later")
  void dueAtIntendedTime() {
    double rate = 50; // one every 20 ms

    assertThat(LoadGenerator.dueBy(0, rate)).as("at the start").isEqualTo(1);
    assertThat(LoadGenerator.dueBy(19 * MS, rate)).as("just before 20 ms").isEqualTo(1);
    assertThat(LoadGenerator.dueBy(20 * MS, rate)).as("at 20 ms").isEqualTo(2);
    assertThat(LoadGenerator.dueBy(1_000 * MS, rate)).as("at 1 s").isEqualTo(51);
  }

  @Test
  @DisplayName("The next timer fires when the next request is due, rounded up, at least 1 ms ahead")
  void delayToNext() {
    double rate = 50; // one every 20 ms

    assertThat(LoadGenerator.delayToNextMs(0, 1, rate)).as("second request").isEqualTo(20);
    assertThat(LoadGenerator.delayToNextMs(5 * MS, 1, rate)).as("5 ms later").isEqualTo(15);
    assertThat(LoadGenerator.delayToNextMs(5 * MS + 1, 1, rate)).as("rounded up").isEqualTo(15);
    assertThat(LoadGenerator.delayToNextMs(19_500_000, 1, rate)).as("half a ms").isEqualTo(1);
    assertThat(LoadGenerator.delayToNextMs(25 * MS, 1, rate)).as("already due").isEqualTo(1);
    assertThat(LoadGenerator.delayToNextMs(0, 1, 5000)).as("faster than 1 ms").isEqualTo(1);
  }

  @Test
  @DisplayName("The intended time of request k is k / rate after the start, in microseconds")
  void intendedTime() {
    assertThat(LoadGenerator.intendedMicros(1_000_000, 0, 50)).isEqualTo(1_000_000);
    assertThat(LoadGenerator.intendedMicros(1_000_000, 3, 50)).isEqualTo(1_060_000);
  }
}
