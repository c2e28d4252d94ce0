package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderedKeysOptionTest {

  @Test
  @DisplayName(
      "--ordered-keys defaults to 0 (unordered), takes a count, and refuses a negative one")
  void option() {
    assertThat(BenchOptions.parse().orderedKeys()).isZero();
    assertThat(BenchOptions.parse("--ordered-keys", "100").orderedKeys()).isEqualTo(100);
    assertThatThrownBy(() -> BenchOptions.parse("--ordered-keys", "-1"))
        .hasMessageContaining("--ordered-keys");
  }

  @Test
  @DisplayName(
      "With ordering keys the bodies' targetCuid cycles over that many keys; the body stays valid JSON with its send time")
  void bodiesCycleKeys() {
    Payload payload = new Payload(200, 3);
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      JsonObject body = new JsonObject(payload.with(1_765_000_000_000_000L + i));
      targets.add(body.getString("targetCuid"));
      assertThat(body.getJsonObject("data").getLong("sentUs"))
          .isEqualTo(1_765_000_000_000_000L + i);
    }
    assertThat(targets)
        .containsExactly(
            "ckey00000000",
            "ckey00000001",
            "ckey00000002",
            "ckey00000000",
            "ckey00000001",
            "ckey00000002",
            "ckey00000000");
    assertThat(
            new JsonObject(new Payload(200).with(1_765_000_000_000_000L)).getString("targetCuid"))
        .isEqualTo("cbenchtarget");
  }
}
