package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sink's record of delivery ids: each id counts once, a second arrival is a duplicate. */
class SeenIdsTest {

  @Test
  @DisplayName("An id is new once; its second arrival is a duplicate")
  void duplicate() {
    SeenIds seen = new SeenIds(16);

    assertThat(seen.add("cabc")).isTrue();
    assertThat(seen.add("cabd")).isTrue();
    assertThat(seen.add("cabc")).isFalse();
    assertThat(seen.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("Growing past its first room keeps every id: 200,000 cuids are new once, then seen")
  void grows() {
    SeenIds seen = new SeenIds(16);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      ids.add(Cuid.next());
    }

    assertThat(ids).allMatch(seen::add);
    assertThat(ids).noneMatch(seen::add);
    assertThat(seen.size()).isEqualTo(200_000);
  }

  @Test
  @DisplayName("The hash is never 0, the empty slot's mark")
  void hashNeverZero() {
    assertThat(SeenIds.hash("")).isNotZero();
    assertThat(SeenIds.hash("c")).isNotZero();
  }
}
