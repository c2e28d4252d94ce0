package io.hookrelay.store.memory;

import io.hookrelay.store.AttemptLog;
import io.hookrelay.store.AttemptQuery;
import io.hookrelay.store.LogCursor;
import io.hookrelay.store.Page;
import io.hookrelay.store.WebhookCounts;
import io.hookrelay.webhook.Attempt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The attempt log in memory, bounded to the newest {@code maxEntries} attempts. Every attempt is
 * filed in timelines (see {@link AttemptTimeline}): one of all attempts, and for its tenant one per
 * combination of the filters webhook, status and event (eight at most), plus one per event cuid. A
 * listing by tenant with any of those filters reads exactly its timeline: binary search for {@code
 * since}, {@code until}, the cursor and the count, then one step per attempt on the page — nothing
 * is scanned, so the lock is held for microseconds, not for a walk over the whole log.
 */
final class MemoryAttemptLog implements AttemptLog {

  /** Names a timeline: a tenant with exactly these filters (null = any), or an event's attempts. */
  private record Key(
      String tenantCuid, String webhookCuid, String status, String event, String eventCuid) {}

  private final int maxEntries;
  private final AttemptTimeline all = new AttemptTimeline();
  private final Map<Key, AttemptTimeline> timelines = new HashMap<>();
  private long seq;

  MemoryAttemptLog(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized Future<Void> append(List<Attempt> batch) {
    for (Attempt a : batch) {
      LoggedAttempt entry = new LoggedAttempt(a, seq++);
      all.add(entry);
      for (Key key : keys(a)) {
        timelines.computeIfAbsent(key, k -> new AttemptTimeline()).add(entry);
      }
    }
    while (all.size() > maxEntries) {
      removeOldest();
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Page<Attempt>> list(AttemptQuery q) {
    AttemptTimeline timeline;
    Predicate<Attempt> rest;
    if (q.tenantCuid() == null) {
      timeline = all; // every tenant: not reachable through the API, which always names one
      rest = matching(q.webhookCuid(), q.status(), q.event(), q.eventCuid());
    } else if (q.eventCuid() != null) {
      timeline = timelines.get(new Key(q.tenantCuid(), null, null, null, q.eventCuid()));
      rest = matching(q.webhookCuid(), q.status(), q.event(), null);
    } else {
      timeline =
          timelines.get(new Key(q.tenantCuid(), q.webhookCuid(), q.status(), q.event(), null));
      rest = null;
    }
    if (timeline == null) {
      return Future.succeededFuture(new Page<>(List.of(), 0, null));
    }
    return Future.succeededFuture(
        rest == null ? read(timeline, q) : readFiltered(timeline, rest, q));
  }

  /** A page of a timeline that holds exactly the matches: positions are counts. */
  private static Page<Attempt> read(AttemptTimeline timeline, AttemptQuery q) {
    Window w = Window.of(timeline, q);
    long total = Math.min(w.hi - w.lo, COUNT_LIMIT + 1);
    long newest = (long) w.top - 1 - q.offset(); // the position of the page's newest entry
    if (newest < w.lo) {
      return new Page<>(List.of(), total, null);
    }
    int start = (int) newest;
    int end = Math.max(w.lo, start - q.limit() + 1); // the position of its oldest
    List<Attempt> items = new ArrayList<>(start - end + 1);
    for (int i = start; i >= end; i--) {
      items.add(timeline.get(i).attempt());
    }
    String next = end > w.lo ? timeline.get(end).cursor().encode() : null;
    return new Page<>(items, total, next);
  }

  /** A page of a timeline that holds more than the matches (a small one: an event's attempts). */
  private static Page<Attempt> readFiltered(
      AttemptTimeline timeline, Predicate<Attempt> match, AttemptQuery q) {
    Window w = Window.of(timeline, q);
    List<Attempt> items = new ArrayList<>();
    int skipped = 0;
    int oldestOnPage = -1;
    String next = null;
    for (int i = w.top - 1; i >= w.lo && next == null; i--) {
      LoggedAttempt e = timeline.get(i);
      if (!match.test(e.attempt())) {
        continue;
      }
      if (skipped < q.offset()) {
        skipped++;
      } else if (items.size() < q.limit()) {
        items.add(e.attempt());
        oldestOnPage = i;
      } else {
        next = timeline.get(oldestOnPage).cursor().encode();
      }
    }
    long total = 0;
    for (int i = w.hi - 1; i >= w.lo && total <= COUNT_LIMIT; i--) {
      if (match.test(timeline.get(i).attempt())) {
        total++;
      }
    }
    return new Page<>(items, total, next);
  }

  /**
   * The positions a query covers: matches of its filters in [lo, hi); the page starts below top
   * (the cursor, if any).
   */
  private record Window(int lo, int hi, int top) {
    static Window of(AttemptTimeline t, AttemptQuery q) {
      int lo = q.since() == null ? 0 : t.countBefore(q.since(), Long.MIN_VALUE);
      int hi =
          q.until() == null ? t.size() : Math.max(lo, t.countBefore(q.until(), Long.MIN_VALUE));
      LogCursor after = q.after();
      int top =
          after == null
              ? hi
              : Math.max(lo, Math.min(hi, t.countBefore(after.createdAt(), after.tiebreak())));
      return new Window(lo, hi, top);
    }
  }

  @Override
  public synchronized Future<List<WebhookCounts>> countsByWebhook(
      String tenantCuid, Instant since) {
    Map<String, long[]> counts = new TreeMap<>();
    AttemptTimeline tenant = timelines.get(new Key(tenantCuid, null, null, null, null));
    // the tenant's own timeline, from the first attempt at or after since: no other tenant's read
    for (int i = tenant == null ? 0 : tenant.countBefore(since, Long.MIN_VALUE);
        tenant != null && i < tenant.size();
        i++) {
      Attempt a = tenant.get(i).attempt();
      if (a.webhookCuid() != null) {
        counts.computeIfAbsent(a.webhookCuid(), k -> new long[3])[a.status().ordinal()]++;
      }
    }
    List<WebhookCounts> out = new ArrayList<>();
    counts.forEach((cuid, c) -> out.add(new WebhookCounts(cuid, c[0], c[1], c[2])));
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<Integer> purgeBefore(Instant cutoff, int batch) {
    int n = 0;
    while (n < batch && !all.isEmpty() && all.first().createdAt().isBefore(cutoff)) {
      removeOldest();
      n++;
    }
    return Future.succeededFuture(n);
  }

  /**
   * The oldest attempt leaves every timeline: being the oldest of all, it is the first of each of
   * its own.
   */
  private void removeOldest() {
    LoggedAttempt oldest = all.removeFirst();
    for (Key key : keys(oldest.attempt())) {
      AttemptTimeline timeline = timelines.get(key);
      timeline.removeFirst();
      if (timeline.isEmpty()) {
        timelines.remove(key);
      }
    }
  }

  /** The timelines an attempt is filed in. */
  private static List<Key> keys(Attempt a) {
    List<Key> keys = new ArrayList<>(9);
    String[] webhooks =
        a.webhookCuid() == null ? new String[] {null} : new String[] {a.webhookCuid(), null};
    for (String webhook : webhooks) {
      for (String status : new String[] {a.status().wire(), null}) {
        for (String event : new String[] {a.event(), null}) {
          keys.add(new Key(a.tenantCuid(), webhook, status, event, null));
        }
      }
    }
    keys.add(new Key(a.tenantCuid(), null, null, null, a.eventCuid()));
    return keys;
  }

  private static Predicate<Attempt> matching(
      String webhookCuid, String status, String event, String eventCuid) {
    return a ->
        (webhookCuid == null || webhookCuid.equals(a.webhookCuid()))
            && (status == null || status.equals(a.status().wire()))
            && (event == null || event.equals(a.event()))
            && (eventCuid == null || eventCuid.equals(a.eventCuid()));
  }
}
