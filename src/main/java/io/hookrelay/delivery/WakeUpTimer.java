package io.hookrelay.delivery;

import io.vertx.core.Vertx;
import java.util.TreeSet;

/**
 * Wakes a delivery verticle when its retries come due, with one Vert.x timer whatever their number:
 * the timer is armed for the earliest due time and re-armed when an earlier one arrives or when it
 * fires. Due times are rounded up to {@link #GRANULARITY_MS} and at most {@link #MAX_PENDING} are
 * kept (the latest are dropped; the verticle's poll finds those), so neither timers nor memory grow
 * with the retries scheduled. Not thread-safe: one per verticle, used on its event loop.
 */
final class WakeUpTimer {

  static final long GRANULARITY_MS = 10;
  static final int MAX_PENDING = 4096;

  private final Vertx vertx;
  private final Runnable action;
  private final TreeSet<Long> due = new TreeSet<>();
  private long timerId = -1;
  private long armedFor;

  WakeUpTimer(Vertx vertx, Runnable action) {
    this.vertx = vertx;
    this.action = action;
  }

  /** Runs the action once the clock has passed {@code epochMillis}. */
  void wakeAt(long epochMillis) {
    long rounded = (epochMillis + GRANULARITY_MS - 1) / GRANULARITY_MS * GRANULARITY_MS;
    due.add(rounded);
    if (due.size() > MAX_PENDING) {
      due.pollLast();
    }
    arm();
  }

  /** The earliest pending wake-up, or null. */
  Long next() {
    return due.isEmpty() ? null : due.first();
  }

  int pending() {
    return due.size();
  }

  /** Forgets every wake-up and cancels the timer. */
  void cancel() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    due.clear();
  }

  private void arm() {
    if (due.isEmpty()) {
      return;
    }
    long first = due.first();
    if (timerId >= 0) {
      if (armedFor <= first) {
        return;
      }
      vertx.cancelTimer(timerId);
    }
    armedFor = first;
    timerId = vertx.setTimer(Math.max(1, first - System.currentTimeMillis()), id -> fire());
  }

  private void fire() {
    timerId = -1;
    long now = System.currentTimeMillis();
    boolean woke = false;
    while (!due.isEmpty() && due.first() <= now) {
      due.pollFirst();
      woke = true;
    }
    if (woke) {
      action.run();
    }
    arm();
  }
}
