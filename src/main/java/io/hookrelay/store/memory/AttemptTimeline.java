package io.hookrelay.store.memory;

import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * Log entries in {@link LoggedAttempt#ORDER}, oldest first, in a growable ring: the oldest leaves
 * from the front in O(1), a new entry goes in at the back (moving past the few entries newer than
 * it, as batches from several delivery verticles interleave), and a position is found by binary
 * search. Not thread-safe: {@link MemoryAttemptLog} guards it.
 */
final class AttemptTimeline {

  private static final int MIN_CAPACITY = 8;

  private LoggedAttempt[] ring = new LoggedAttempt[MIN_CAPACITY];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The entry at {@code i}, 0 being the oldest. */
  LoggedAttempt get(int i) {
    return ring[(head + i) & (ring.length - 1)];
  }

  private void set(int i, LoggedAttempt e) {
    ring[(head + i) & (ring.length - 1)] = e;
  }

  void add(LoggedAttempt e) {
    if (size == ring.length) {
      resize(ring.length * 2);
    }
    int at = size++;
    while (at > 0 && LoggedAttempt.ORDER.compare(get(at - 1), e) > 0) {
      set(at, get(at - 1));
      at--;
    }
    set(at, e);
  }

  LoggedAttempt first() {
    if (size == 0) {
      throw new NoSuchElementException();
    }
    return get(0);
  }

  LoggedAttempt removeFirst() {
    LoggedAttempt e = first();
    ring[head] = null;
    head = (head + 1) & (ring.length - 1);
    size--;
    if (ring.length > MIN_CAPACITY && size < ring.length / 4) {
      resize(ring.length / 2);
    }
    return e;
  }

  /**
   * The number of entries that sort before the position ({@code at}, {@code seq}): the index of the
   * first entry at or after it.
   */
  int countBefore(Instant at, long seq) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid).before(at, seq)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void resize(int capacity) {
    LoggedAttempt[] next = new LoggedAttempt[capacity];
    for (int i = 0; i < size; i++) {
      next[i] = get(i);
    }
    ring = next;
    head = 0;
  }
}
