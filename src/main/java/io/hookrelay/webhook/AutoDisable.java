package io.hookrelay.webhook;

/**
 * The auto-disable rule (DESIGN.md "Delivery rules"): every delivery that fails for good extends
 * its webhook's streak of failures, a success resets it, and an enabled webhook whose streak
 * reaches the threshold is disabled, saying why. Both stores call this and persist what it decides.
 */
public final class AutoDisable {

  private AutoDisable() {}

  /** The streak after one more delivery failed for good. */
  public static int afterFailure(int streak) {
    return streak + 1;
  }

  /**
   * Whether a webhook whose streak is now {@code streak} is to be disabled; an already disabled
   * webhook is not disabled again.
   */
  public static boolean disables(boolean enabled, int streak, int threshold) {
    return enabled && streak >= threshold;
  }

  /** The disabled reason a webhook shows after {@code streak} failed deliveries in a row. */
  public static String reason(int streak) {
    return "disabled after " + streak + " consecutive failed deliveries";
  }
}
