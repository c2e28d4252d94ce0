package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replaying a batch of outcomes over the webhooks' failure streaks")
class StreaksTest {

  private static Streaks.Webhook hook(String cuid, boolean enabled, int failures) {
    return new Streaks.Webhook(cuid, enabled, failures);
  }

  @Test
  @DisplayName(
      "Failures add up and the one reaching the threshold disables the webhook, naming the count")
  void threshold() {
    List<Streaks.Change> changes =
        Streaks.apply(
            List.of(
                Outcome.failed("d1", "w", 6),
                Outcome.failed("d2", "w", 6),
                Outcome.failed("d3", "w", 6)),
            Map.of("w", hook("w", true, 1)),
            3);
    assertThat(changes)
        .containsExactly(
            new Streaks.Change("w", 4, true, "disabled after 3 consecutive failed deliveries"));
  }

  @Test
  @DisplayName("A success resets the streak where it stands in the batch")
  void successResets() {
    assertThat(
            Streaks.apply(
                List.of(Outcome.failed("d1", "w", 6), Outcome.succeeded("d2", "w", 1)),
                Map.of("w", hook("w", true, 8)),
                10))
        .containsExactly(new Streaks.Change("w", 0, false, null));
    assertThat(
            Streaks.apply(
                List.of(Outcome.succeeded("d1", "w", 1), Outcome.failed("d2", "w", 6)),
                Map.of("w", hook("w", true, 8)),
                10))
        .containsExactly(new Streaks.Change("w", 1, false, null));
  }

  @Test
  @DisplayName(
      "A 410 disables an enabled webhook once with its reason, and a disabled one not again")
  void gone() {
    assertThat(
            Streaks.apply(
                List.of(
                    Outcome.gone("d1", "w", 1, "410 Gone"),
                    Outcome.gone("d2", "w", 1, "again"),
                    Outcome.failed("d3", "w", 6)),
                Map.of("w", hook("w", true, 0)),
                1))
        .containsExactly(new Streaks.Change("w", 1, true, "410 Gone"));
    assertThat(
            Streaks.apply(
                List.of(Outcome.gone("d1", "x", 1, "410 Gone")),
                Map.of("x", hook("x", false, 0)),
                1))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "Webhooks that only succeeded get a reset, deleted webhooks and retries change nothing")
  void othersAndUnknown() {
    List<Streaks.Change> changes =
        Streaks.apply(
            List.of(
                Outcome.succeeded("d1", "ok", 1),
                Outcome.failed("d2", "deleted", 6),
                Outcome.retry("d3", "ok", 1, Instant.now()),
                Outcome.deferred("d4", "ok", 0, Instant.now())),
            Map.of(),
            1);
    assertThat(changes).containsExactly(new Streaks.Change("ok", 0, false, null));
  }
}
