package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When a token's last use is written: first use, then at most once a minute. */
class TokenUseTest {

  private final TokenUse use = new TokenUse(new ConcurrentHashMap<>());

  @Test
  @DisplayName(
      "The first use is written, uses within the minute are not, the first one after it is")
  void onceAMinute() {
    assertThat(use.due("h", 1_000)).isTrue();
    assertThat(use.due("h", 1_001)).isFalse();
    assertThat(use.due("h", 60_999)).isFalse();
    assertThat(use.due("h", 61_000)).isTrue();
    assertThat(use.due("h", 61_500)).isFalse();
  }

  @Test
  @DisplayName("Each token has its own minute")
  void perToken() {
    assertThat(use.due("a", 1_000)).isTrue();
    assertThat(use.due("b", 2_000)).isTrue();
    assertThat(use.due("a", 2_000)).isFalse();
  }
}
