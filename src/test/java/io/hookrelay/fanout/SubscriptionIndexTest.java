package io.hookrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Webhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the subscription index matches, and that a lookup never misses during a change. */
class SubscriptionIndexTest {

  private static final String TENANT = "ctenant0000000000000000000";
  private static final String REPORT = "ReportPublished";
  private static final String FINDING = "FindingPublished";
  private static final int CHANGES = 20_000;

  private final SubscriptionIndex index = new SubscriptionIndex();

  @Test
  @DisplayName("An event matches the enabled webhooks of its tenant and type that take its client")
  void matches() {
    Webhook all = webhook(List.of(REPORT), List.of(), true);
    Webhook onlyA = webhook(List.of(REPORT, FINDING), List.of("cclienta"), true);
    Webhook off = webhook(List.of(REPORT), List.of(), false);
    Webhook elsewhere =
        new Webhook(
            Cuid.next(),
            "cothertenant00000000000000",
            List.of(),
            "hook",
            "http://127.0.0.1:1/",
            true,
            List.of(REPORT),
            true,
            null,
            null,
            0,
            Instant.EPOCH,
            Instant.EPOCH);
    List.of(all, onlyA, off, elsewhere).forEach(index::put);

    assertThat(cuids(TENANT, REPORT, null)).containsExactlyInAnyOrder(all.cuid());
    assertThat(cuids(TENANT, REPORT, "cclienta"))
        .containsExactlyInAnyOrder(all.cuid(), onlyA.cuid());
    assertThat(cuids(TENANT, FINDING, "cclienta")).containsExactly(onlyA.cuid());
    assertThat(cuids(TENANT, FINDING, "cclientb")).isEmpty();
    assertThat(cuids(TENANT, "ReportStatusChanged", null)).isEmpty();

    index.remove(all.cuid());
    index.put(renamed(off, "back on", true));
    assertThat(cuids(TENANT, REPORT, null)).containsExactly(off.cuid());
  }

  @Test
  @DisplayName("A lookup made while a webhook is renamed, again and again, always finds it")
  void lookupDuringRenames() {
    Webhook w = webhook(List.of(REPORT), List.of(), true);
    index.put(w);
    long misses = missesWhile(i -> index.put(renamed(w, "name " + i, true)), REPORT, null);
    assertThat(misses).as("lookups that found no webhook").isZero();
  }

  @Test
  @DisplayName(
      "A lookup made while a webhook's events and clients change always finds it when both versions match")
  void lookupDuringRoutingChanges() {
    Webhook narrow = webhook(List.of(REPORT), List.of("cclienta"), true);
    Webhook wide =
        new Webhook(
            narrow.cuid(),
            TENANT,
            List.of("cclienta", "cclientb"),
            "hook",
            narrow.url(),
            true,
            List.of(FINDING, REPORT),
            true,
            null,
            null,
            0,
            Instant.EPOCH,
            Instant.EPOCH);
    index.put(narrow);
    long misses = missesWhile(i -> index.put(i % 2 == 0 ? wide : narrow), REPORT, "cclienta");
    assertThat(misses).as("lookups that found no webhook").isZero();
  }

  @Test
  @DisplayName(
      "A lookup made during full reloads in which only failure counters move always finds the webhook")
  void lookupDuringReloads() {
    List<Webhook> hooks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hooks.add(webhook(List.of(REPORT), List.of(), true));
    }
    index.putAll(hooks);
    long misses =
        missesWhile(
            i ->
                index.reloaded(
                    hooks.stream().map(h -> h.withConsecutiveFailures(i)).toList(), index.ticket()),
            REPORT,
            null,
            CHANGES / 20,
            20);
    assertThat(misses).as("lookups that found fewer than the 20 webhooks").isZero();
  }

  @Test
  @DisplayName(
      "A full reload read before a webhook was created, and applied after, does not drop it")
  void staleReloadKeepsNewWebhook() {
    Webhook old = webhook(List.of(REPORT), List.of(), true);
    index.put(old);
    long reload = index.ticket();
    List<Webhook> readByReload = List.of(old);

    Webhook created = webhook(List.of(REPORT), List.of(), true);
    index.refreshed(created.cuid(), Optional.of(created), index.ticket());
    index.reloaded(readByReload, reload);

    assertThat(cuids(TENANT, REPORT, null)).containsExactlyInAnyOrder(old.cuid(), created.cuid());
  }

  @Test
  @DisplayName(
      "A full reload read before a webhook was deleted or disabled, and applied after, does not bring it back")
  void staleReloadKeepsRemovals() {
    Webhook deleted = webhook(List.of(REPORT), List.of(), true);
    Webhook disabled = webhook(List.of(REPORT), List.of(), true);
    index.putAll(List.of(deleted, disabled));
    long reload = index.ticket();

    index.refreshed(deleted.cuid(), Optional.empty(), index.ticket());
    index.refreshed(disabled.cuid(), Optional.of(renamed(disabled, "off", false)), index.ticket());
    index.reloaded(List.of(deleted, disabled), reload);

    assertThat(cuids(TENANT, REPORT, null)).isEmpty();
  }

  @Test
  @DisplayName(
      "A refresh that ends after a newer one does not undo it; a reload applies what it read")
  void refreshesOutOfOrder() {
    Webhook w = webhook(List.of(REPORT), List.of(), true);
    Webhook moved = renamed(w, "moved", true);
    moved =
        new Webhook(
            w.cuid(),
            TENANT,
            List.of(),
            "moved",
            w.url(),
            true,
            List.of(FINDING),
            true,
            null,
            null,
            0,
            Instant.EPOCH,
            Instant.EPOCH);
    long first = index.ticket();
    long second = index.ticket();
    index.refreshed(w.cuid(), Optional.of(moved), second);
    index.refreshed(w.cuid(), Optional.of(w), first);
    assertThat(cuids(TENANT, REPORT, null)).isEmpty();
    assertThat(cuids(TENANT, FINDING, null)).containsExactly(w.cuid());

    index.reloaded(List.of(w), index.ticket());
    assertThat(cuids(TENANT, REPORT, null)).containsExactly(w.cuid());
    assertThat(cuids(TENANT, FINDING, null)).isEmpty();
    index.refreshed(w.cuid(), Optional.of(moved), second);
    assertThat(cuids(TENANT, REPORT, null))
        .as("a read older than the last reload")
        .containsExactly(w.cuid());
  }

  @Test
  @DisplayName("Renaming a webhook or moving its failure streak leaves its subscription as it was")
  void onlyRoutingFieldsAreIndexed() {
    Webhook w = webhook(List.of(REPORT), List.of("cclienta"), true);
    index.put(w);
    SubscriptionIndex.Subscription before = index.matches(TENANT, REPORT, "cclienta").get(0);

    index.put(renamed(w, "other name", true).withConsecutiveFailures(42));
    index.reloaded(List.of(w.withConsecutiveFailures(43)), index.ticket());

    assertThat(index.matches(TENANT, REPORT, "cclienta").get(0)).isSameAs(before);
    assertThat(before.events()).containsExactly(REPORT);
    assertThat(before.clientCuids()).containsExactly("cclienta");
    assertThat(index.size()).isEqualTo(1);
  }

  private long missesWhile(IntConsumer change, String event, String client) {
    return missesWhile(change, event, client, CHANGES, 1);
  }

  /**
   * Runs {@code change} {@code rounds} times on this thread while another thread looks up the
   * event; returns how many lookups found fewer than {@code expected} webhooks.
   */
  private long missesWhile(
      IntConsumer change, String event, String client, int rounds, int expected) {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong lookups = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                lookups.incrementAndGet();
                if (index.matches(TENANT, event, client).size() < expected) {
                  misses.incrementAndGet();
                }
              }
            });
    reader.start();
    while (lookups.get() == 0) {
      Thread.onSpinWait();
    }
    try {
      for (int i = 0; i < rounds; i++) {
        change.accept(i);
      }
    } finally {
      done.set(true);
    }
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return misses.get();
  }

  private List<String> cuids(String tenant, String event, String client) {
    return index.matches(tenant, event, client).stream().map(w -> w.cuid()).toList();
  }

  private static Webhook webhook(List<String> events, List<String> clients, boolean enabled) {
    return new Webhook(
        Cuid.next(),
        TENANT,
        clients,
        "hook",
        "http://127.0.0.1:1/hook",
        true,
        events,
        enabled,
        null,
        enabled ? null : "switched off",
        0,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  private static Webhook renamed(Webhook w, String name, boolean enabled) {
    return new Webhook(
        w.cuid(),
        w.tenantCuid(),
        w.clientCuids(),
        name,
        w.url(),
        w.sslVerification(),
        w.events(),
        enabled,
        w.secret(),
        enabled ? null : w.disabledReason(),
        w.consecutiveFailures(),
        w.createdAt(),
        Instant.now());
  }
}
