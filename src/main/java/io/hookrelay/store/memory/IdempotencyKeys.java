package io.hookrelay.store.memory;

import io.hookrelay.store.Receipt;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memory store's idempotency keys in the order they were first used. A key is forgotten once it
 * is older than the window, and the oldest keys are dropped when there are more than {@code max}.
 * Not thread-safe: its owner holds the lock.
 */
final class IdempotencyKeys {

  /** The first receipt given for a key, and when. */
  record Seen(Receipt receipt, Instant at) {}

  private final LinkedHashMap<String, Seen> keys = new LinkedHashMap<>();
  private final int max;

  IdempotencyKeys(int max) {
    this.max = max;
  }

  Seen get(String key) {
    return keys.get(key);
  }

  /**
   * Records the key (a reused, expired key moves to the end); returns how many of the oldest keys
   * were dropped to stay within {@code max}.
   */
  int put(String key, Seen seen) {
    keys.remove(key);
    keys.put(key, seen);
    int dropped = 0;
    for (Iterator<Seen> it = keys.values().iterator(); keys.size() > max; dropped++) {
      it.next();
      it.remove();
    }
    return dropped;
  }

  /**
   * Forgets the keys used before {@code since}, from the oldest on: cheap when there are none, so
   * it can run with every event.
   */
  void forgetBefore(Instant since) {
    for (Iterator<Map.Entry<String, Seen>> it = keys.entrySet().iterator(); it.hasNext(); ) {
      if (!it.next().getValue().at().isBefore(since)) {
        return;
      }
      it.remove();
    }
  }

  int size() {
    return keys.size();
  }
}
