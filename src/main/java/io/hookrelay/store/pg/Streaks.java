package io.hookrelay.store.pg;

import io.hookrelay.store.Outcome;
import io.hookrelay.webhook.AutoDisable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a batch of outcomes, in order, over the webhooks' failure streaks, exactly as the memory
 * store does one outcome at a time: a success resets the streak, an exhausted delivery extends it
 * and disables the webhook at the threshold ({@link AutoDisable}), a 410 Gone disables it at once.
 * Plain Java, so the PostgreSQL queue can lock the webhooks, decide here, and write the result in
 * one statement.
 */
final class Streaks {

  /** A webhook as locked for the batch. */
  record Webhook(String cuid, boolean enabled, int failures) {}

  /** What to write back for one webhook; {@code disable} with its {@code reason}. */
  record Change(String cuid, int failures, boolean disable, String reason) {}

  private Streaks() {}

  /**
   * Whether the outcome needs the webhook's current streak and state (so its row must be locked).
   */
  static boolean needsWebhook(Outcome o) {
    return o.kind() == Outcome.Kind.FAILED || o.kind() == Outcome.Kind.GONE;
  }

  /**
   * @param applied the outcomes that took effect, in batch order
   * @param locked the webhooks of the outcomes that {@link #needsWebhook need them} (missing:
   *     deleted)
   * @return one change per webhook to write: full changes for locked webhooks, and a reset to zero
   *     for webhooks that only succeeded (written only where the streak is not zero already)
   */
  static List<Change> apply(
      List<Outcome> applied, Map<String, Webhook> locked, int disableAfterFailures) {
    Map<String, Webhook> state = new LinkedHashMap<>(locked);
    Map<String, Change> changes = new LinkedHashMap<>();
    Set<String> succeededOnly = new LinkedHashSet<>();
    for (Outcome o : applied) {
      String cuid = o.webhookCuid();
      Webhook w = state.get(cuid);
      if (w == null) {
        if (o.kind() == Outcome.Kind.SUCCEEDED && !locked.containsKey(cuid)) {
          succeededOnly.add(cuid);
        }
        continue;
      }
      switch (o.kind()) {
        case SUCCEEDED -> record(state, changes, new Webhook(cuid, w.enabled(), 0), false, null);
        case FAILED -> {
          int streak = AutoDisable.afterFailure(w.failures());
          boolean disable = AutoDisable.disables(w.enabled(), streak, disableAfterFailures);
          record(
              state,
              changes,
              new Webhook(cuid, w.enabled() && !disable, streak),
              disable,
              AutoDisable.reason(streak));
        }
        case GONE -> {
          if (w.enabled()) {
            record(state, changes, new Webhook(cuid, false, w.failures()), true, o.reason());
          }
        }
        default -> {
          // RETRY and DEFERRED leave the streak alone
        }
      }
    }
    List<Change> out = new ArrayList<>(changes.values());
    succeededOnly.forEach(cuid -> out.add(new Change(cuid, 0, false, null)));
    return out;
  }

  /** Notes the webhook's new state; a disable earlier in the batch keeps its reason. */
  private static void record(
      Map<String, Webhook> state,
      Map<String, Change> changes,
      Webhook now,
      boolean disable,
      String reason) {
    state.put(now.cuid(), now);
    Change before = changes.get(now.cuid());
    Change after =
        before != null && before.disable()
            ? new Change(now.cuid(), now.failures(), true, before.reason())
            : new Change(now.cuid(), now.failures(), disable, disable ? reason : null);
    changes.put(now.cuid(), after);
  }
}
