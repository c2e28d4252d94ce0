package io.hookrelay.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Wait-until for tests: polls a condition instead of sleeping a fixed time. */
public final class Wait {

  private Wait() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toMillis() + " ms waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(10), condition);
  }

  /** Polls {@code value} until {@code done} says yes about it, and returns that value. */
  public static <T> T forValue(
      String what, Supplier<T> value, java.util.function.Predicate<T> done) {
    Object[] last = new Object[1];
    until(what, () -> done.test((T) (last[0] = value.get())));
    @SuppressWarnings("unchecked")
    T result = (T) last[0];
    return result;
  }
}
