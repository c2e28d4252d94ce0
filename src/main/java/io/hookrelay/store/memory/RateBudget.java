package io.hookrelay.store.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * The rate limits of the memory store: per webhook, the start of its next free slot. Slots are
 * {@code ceil(1 s / rate)} apart and handed out at most one second ahead, so the attempts of a
 * webhook with a limit of N start at most N in any second, however many dispatchers claim them. Not
 * thread-safe: used under the queue's lock.
 */
final class RateBudget {

  static final long SECOND_NANOS = 1_000_000_000L;

  /** Per webhook: {start of the next free slot, the step}, in nanoseconds since the epoch. */
  private final Map<String, long[]> next = new HashMap<>();

  /**
   * Takes the webhook's next slot if it starts within a second of {@code nowNanos}: returns its
   * start (epoch nanoseconds), or -1 when the coming second is fully given out.
   */
  long take(String webhookCuid, int ratePerSecond, long nowNanos) {
    long step = (SECOND_NANOS + ratePerSecond - 1) / ratePerSecond;
    long[] slot = next.computeIfAbsent(webhookCuid, k -> new long[] {0, step});
    slot[1] = step;
    long start = Math.max(slot[0], nowNanos);
    if (start >= nowNanos + SECOND_NANOS) {
      return -1;
    }
    slot[0] = start + step;
    return start;
  }

  /**
   * When the webhook can next get a slot: once its last slot given out has begun, the next second
   * holds a fresh budget (epoch milliseconds).
   */
  long retryAtMillis(String webhookCuid) {
    long[] slot = next.get(webhookCuid);
    return slot == null ? 0 : (slot[0] - slot[1]) / 1_000_000L;
  }
}
