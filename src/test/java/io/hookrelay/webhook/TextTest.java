package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which strings a client may send: storable Unicode text, anywhere in a JSON value. */
class TextTest {

  @Test
  @DisplayName("Plain text, emoji (a surrogate pair) and the empty string are fine")
  void fine() {
    assertThat(Text.problem("")).isNull();
    assertThat(Text.problem("Ünïcödé – 日本")).isNull();
    assertThat(Text.problem("party \uD83C\uDF89 time")).isNull();
  }

  @Test
  @DisplayName("U+0000 anywhere in a string is a problem")
  void nul() {
    assertThat(Text.problem("\u0000")).contains("U+0000");
    assertThat(Text.problem("end\u0000")).contains("U+0000");
  }

  @Test
  @DisplayName("A high or low surrogate without its partner is a problem")
  void unpaired() {
    assertThat(Text.problem("a\uD83Cb")).contains("unpaired surrogate");
    assertThat(Text.problem("a\uDF89")).contains("unpaired surrogate");
    assertThat(Text.problem("\uD83C")).contains("unpaired surrogate");
    assertThat(Text.problem("\uDF89\uD83C")).contains("unpaired surrogate");
  }

  @Test
  @DisplayName("Inside a JSON value the first bad string is found, in values, lists and keys")
  void nested() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("ok", List.of(1, true, "fine"));
    inner.put("list", List.of("x", Map.of("deep", "bad\u0000")));
    Map<String, Object> data = Map.of("a", inner);

    assertThat(Text.problemIn(data, "data"))
        .isEqualTo("must not contain U+0000 (at data.a.list[1].deep)");
    assertThat(Text.problemIn(Map.of("k\u0000", 1), "data")).contains("in a key of data");
    assertThat(Text.problemIn(Map.of("k", List.of(1, 2.5, false)), "data")).isNull();
  }
}
