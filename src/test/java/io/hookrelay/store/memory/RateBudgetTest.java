package io.hookrelay.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

  private static final long T0 = 1_765_000_000L * RateBudget.SECOND_NANOS;
  private static final long MS = 1_000_000L;

  @Test
  @DisplayName(
      "A limit of 5 gives 5 slots 200 ms apart within the coming second, then none until the last has begun")
  void fiveASecond() {
    RateBudget budget = new RateBudget();
    for (int i = 0; i < 5; i++) {
      assertThat(budget.take("w", 5, T0)).isEqualTo(T0 + i * 200 * MS);
    }
    assertThat(budget.take("w", 5, T0)).as("the sixth within the same second").isEqualTo(-1);
    assertThat(budget.retryAtMillis("w")).isEqualTo((T0 + 800 * MS) / MS);
    assertThat(budget.take("w", 5, T0 + 800 * MS)).isEqualTo(T0 + 1_000 * MS);
    assertThat(budget.take("other", 5, T0)).as("webhooks have budgets of their own").isEqualTo(T0);
  }

  @Test
  @DisplayName(
      "Slots are rounded up, so N + 1 of them never fit in one second; an idle webhook starts now")
  void roundedUpAndIdle() {
    RateBudget budget = new RateBudget();
    long first = budget.take("w", 3, T0);
    budget.take("w", 3, T0);
    budget.take("w", 3, T0);
    long fourth = budget.take("w", 3, T0 + 700 * MS);
    assertThat(fourth - first).isGreaterThanOrEqualTo(RateBudget.SECOND_NANOS);
    assertThat(budget.take("w", 3, T0 + 10_000 * MS)).isEqualTo(T0 + 10_000 * MS);
  }
}
