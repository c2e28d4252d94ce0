package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The auto-disable rule")
class AutoDisableTest {

  @Test
  @DisplayName("Each delivery that fails for good adds one to the streak")
  void streakGrows() {
    assertThat(AutoDisable.afterFailure(0)).isEqualTo(1);
    assertThat(AutoDisable.afterFailure(41)).isEqualTo(42);
  }

  @Test
  @DisplayName("An enabled webhook is disabled when its streak reaches the threshold, not before")
  void threshold() {
    assertThat(AutoDisable.disables(true, 2, 3)).isFalse();
    assertThat(AutoDisable.disables(true, 3, 3)).isTrue();
    assertThat(AutoDisable.disables(true, 4, 3)).isTrue();
  }

  @Test
  @DisplayName("A webhook that is disabled already is not disabled again")
  void alreadyDisabled() {
    assertThat(AutoDisable.disables(false, 10, 3)).isFalse();
  }

  @Test
  @DisplayName("The reason names the number of failed deliveries in a row")
  void reason() {
    assertThat(AutoDisable.reason(5)).isEqualTo("disabled after 5 consecutive failed deliveries");
  }
}
