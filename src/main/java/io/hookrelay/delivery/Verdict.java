package io.hookrelay.delivery;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Outcome;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What one attempt's result means for its delivery, in the two forms the stores keep: the {@link
 * Outcome} the queue records and the {@link Attempt} the delivery log shows. The rules themselves
 * are {@link RetryPolicy}'s; this class only translates its decision. Plain and thread-safe.
 */
final class Verdict {

  /** The outcome and the log entry of one attempt. */
  record Settled(Outcome outcome, Attempt attempt) {

    Outcome.Kind kind() {
      return outcome.kind();
    }
  }

  private final RetryPolicy policy;

  Verdict(RetryPolicy policy) {
    this.policy = policy;
  }

  /** Settles the attempt {@code job} made, whose result came back at {@code now}. */
  Settled settle(DeliveryJob job, Sender.Result result, Instant now) {
    RetryPolicy.Decision decision =
        policy.decide(job.attempt(), job.maxAttempts(), result.statusCode(), result.retryAfter());
    String delivery = job.deliveryCuid();
    String webhook = job.webhookCuid();
    int attempts = job.attempt();
    Outcome outcome =
        switch (decision.kind()) {
          case SUCCEEDED -> Outcome.succeeded(delivery, webhook, attempts);
          case RETRY ->
              Outcome.retry(delivery, webhook, attempts, now.plusMillis(decision.delayMs()));
          case GONE ->
              Outcome.gone(
                  delivery,
                  webhook,
                  attempts,
                  "receiver answered 410 Gone at " + now.truncatedTo(ChronoUnit.MILLIS));
          case FAILED -> Outcome.failed(delivery, webhook, attempts);
        };
    return new Settled(outcome, logEntry(job, result, status(outcome.kind()), now));
  }

  /**
   * The delivery log's word for an outcome: a retry is "retrying", 410 and the last try "failed".
   */
  static Attempt.Status status(Outcome.Kind kind) {
    return switch (kind) {
      case SUCCEEDED -> Attempt.Status.SUCCEEDED;
      case RETRY -> Attempt.Status.RETRYING;
      case GONE, FAILED -> Attempt.Status.FAILED;
      case DEFERRED -> throw new IllegalArgumentException("a deferred delivery made no attempt");
    };
  }

  private static Attempt logEntry(
      DeliveryJob job, Sender.Result result, Attempt.Status status, Instant now) {
    return new Attempt(
        Cuid.next(),
        job.deliveryCuid(),
        job.webhookCuid(),
        job.tenantCuid(),
        job.eventCuid(),
        job.event(),
        job.url(),
        job.attempt(),
        status,
        result.statusCode(),
        result.durationMs(),
        result.error(),
        result.snippet(),
        now);
  }
}
