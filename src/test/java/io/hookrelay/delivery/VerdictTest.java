package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Outcome;
import io.hookrelay.webhook.Attempt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One attempt's result turned into the queue's outcome and the log's entry. */
class VerdictTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00.123456Z");

  /** 1 s, then × 4, no jitter; at most 3 attempts. */
  private final Verdict verdict =
      new Verdict(
          new RetryPolicy(1000, 4, 3_600_000, 0, () -> 0.5, Clock.fixed(NOW, ZoneOffset.UTC)));

  private static DeliveryJob job(int attempt) {
    return new DeliveryJob(
        "dlv1",
        "ten1",
        "evt1",
        "whk1",
        "finding.created",
        attempt,
        3,
        "https://receiver.example/hook",
        "secret",
        true,
        "{}".getBytes(StandardCharsets.UTF_8));
  }

  private static Sender.Result answered(int status) {
    return new Sender.Result(
        status, "body", null, status < 300 ? null : "receiver answered " + status, 42);
  }

  @Test
  @DisplayName(
      "A 2xx succeeds: outcome succeeded, log entry succeeded with status, time and snippet")
  void success() {
    Verdict.Settled settled = verdict.settle(job(1), answered(204), NOW);

    assertThat(settled.outcome()).isEqualTo(Outcome.succeeded("dlv1", "whk1", 1));
    Attempt a = settled.attempt();
    assertThat(a.status()).isEqualTo(Attempt.Status.SUCCEEDED);
    assertThat(a.deliveryCuid()).isEqualTo("dlv1");
    assertThat(a.webhookCuid()).isEqualTo("whk1");
    assertThat(a.tenantCuid()).isEqualTo("ten1");
    assertThat(a.eventCuid()).isEqualTo("evt1");
    assertThat(a.event()).isEqualTo("finding.created");
    assertThat(a.url()).isEqualTo("https://receiver.example/hook");
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(a.statusCode()).isEqualTo(204);
    assertThat(a.durationMs()).isEqualTo(42);
    assertThat(a.responseSnippet()).isEqualTo("body");
    assertThat(a.error()).isNull();
    assertThat(a.createdAt()).isEqualTo(NOW);
    assertThat(a.cuid()).isNotBlank();
  }

  @Test
  @DisplayName("A 500 with attempts left is a retry at now + backoff, logged as retrying")
  void retry() {
    Verdict.Settled settled = verdict.settle(job(2), answered(500), NOW);

    assertThat(settled.kind()).isEqualTo(Outcome.Kind.RETRY);
    assertThat(settled.outcome().attempts()).isEqualTo(2);
    assertThat(settled.outcome().nextAttemptAt()).isEqualTo(NOW.plusMillis(4000));
    assertThat(settled.attempt().status()).isEqualTo(Attempt.Status.RETRYING);
    assertThat(settled.attempt().error()).isEqualTo("receiver answered 500");
  }

  @Test
  @DisplayName(
      "No response on the last attempt fails the delivery, logged as failed with the error")
  void lastAttemptFails() {
    Sender.Result noAnswer =
        new Sender.Result(null, null, null, "Failed to call webhook: timeout", 5000);

    Verdict.Settled settled = verdict.settle(job(3), noAnswer, NOW);

    assertThat(settled.outcome()).isEqualTo(Outcome.failed("dlv1", "whk1", 3));
    assertThat(settled.attempt().status()).isEqualTo(Attempt.Status.FAILED);
    assertThat(settled.attempt().statusCode()).isNull();
    assertThat(settled.attempt().error()).isEqualTo("Failed to call webhook: timeout");
  }

  @Test
  @DisplayName("410 Gone stops at once with a reason naming the time, logged as failed")
  void gone() {
    Verdict.Settled settled = verdict.settle(job(1), answered(410), NOW);

    assertThat(settled.kind()).isEqualTo(Outcome.Kind.GONE);
    assertThat(settled.outcome().reason())
        .isEqualTo("receiver answered 410 Gone at 2026-12-01T12:00:00.123Z");
    assertThat(settled.attempt().status()).isEqualTo(Attempt.Status.FAILED);
  }

  @Test
  @DisplayName("A Retry-After on 429 sets the next attempt")
  void retryAfter() {
    Sender.Result tooMany = new Sender.Result(429, "", "7", "receiver answered 429", 3);

    Verdict.Settled settled = verdict.settle(job(1), tooMany, NOW);

    assertThat(settled.outcome().nextAttemptAt()).isEqualTo(NOW.plusSeconds(7));
  }

  @Test
  @DisplayName("Each outcome kind has its log word; a deferred claim has none (it made no attempt)")
  void statusWords() {
    assertThat(Verdict.status(Outcome.Kind.SUCCEEDED)).isEqualTo(Attempt.Status.SUCCEEDED);
    assertThat(Verdict.status(Outcome.Kind.RETRY)).isEqualTo(Attempt.Status.RETRYING);
    assertThat(Verdict.status(Outcome.Kind.FAILED)).isEqualTo(Attempt.Status.FAILED);
    assertThat(Verdict.status(Outcome.Kind.GONE)).isEqualTo(Attempt.Status.FAILED);
    assertThatThrownBy(() -> Verdict.status(Outcome.Kind.DEFERRED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
