package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Status names on the wire and in the database are ASCII lower case whatever the JVM's default
 * locale: a Turkish one lower-cases {@code I} to a dotless {@code ı}.
 */
@DisplayName("Status names under a Turkish default locale")
class StatusNamesTest {

  private Locale before;

  @BeforeEach
  void turkish() {
    before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
  }

  @AfterEach
  void restore() {
    Locale.setDefault(before);
  }

  @Test
  @DisplayName("Attempt statuses are succeeded, failed, retrying, and read back")
  void attempt() {
    assertThat(Arrays.stream(Attempt.Status.values()).map(Attempt.Status::wire))
        .containsExactly("succeeded", "failed", "retrying");
    for (Attempt.Status s : Attempt.Status.values()) {
      assertThat(Attempt.Status.fromWire(s.wire())).isEqualTo(s);
    }
  }

  @Test
  @DisplayName("Delivery statuses are pending, succeeded, failed, cancelled")
  void delivery() {
    assertThat(Arrays.stream(Delivery.Status.values()).map(Delivery.Status::wire))
        .containsExactly("pending", "succeeded", "failed", "cancelled");
  }
}
