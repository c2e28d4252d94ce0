package io.hookrelay.store.memory;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.DeliveryQueue;
import io.hookrelay.store.EventStore;
import io.hookrelay.store.ManualRetry;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.QueueFullException;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.TooManyPendingException;
import io.hookrelay.webhook.AutoDisable;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Delivery.Status;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events and the delivery queue in memory, behind one lock. A succeeded or cancelled delivery is
 * dropped at once (its attempts stay in the log; only its status is remembered, for the newest
 * {@value #FINISHED_KEPT}, so a manual retry can say why it refuses); a failed one stays for a
 * manual retry until retention removes it, or until more than {@code maxFailedDeliveries} have
 * failed after it. An event's body is kept while a delivery still needs it. Every bound is in
 * {@link MemoryBounds}.
 */
final class MemoryQueue implements EventStore, DeliveryQueue {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryQueue.class);
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
  private static final long DROP_LOG_EVERY_NANOS = 60_000_000_000L;

  /** How many succeeded or cancelled deliveries are remembered (their tenant and status). */
  static final int FINISHED_KEPT = 100_000;

  /**
   * A delivery and its claim, if any. Every change of status goes through {@link #set}, which keeps
   * the per-tenant pending counts and the failed deliveries in step.
   */
  private final class Entry {
    Delivery delivery;
    long dueAtMillis;
    String lockedBy;
    Instant lockedUntil;
    final long seq;

    /** The webhook and ordering key of an ordered delivery, else null. */
    final String lane;

    Entry(Delivery delivery, long seq) {
      this.seq = seq;
      this.lane =
          delivery.orderingKey() == null
              ? null
              : delivery.webhookCuid() + '\u0000' + delivery.orderingKey();
      set(delivery);
    }

    void set(Delivery d) {
      Status before = delivery == null ? null : delivery.status();
      this.delivery = d;
      this.dueAtMillis = d.nextAttemptAt().toEpochMilli();
      if (before != d.status()) {
        statusChanged(this, before, d.status());
      }
    }
  }

  private record StoredEvent(Event event, int[] references) {}

  /**
   * The pending deliveries of one webhook and ordering key: {@code current} is the oldest, the only
   * one in {@link #due} or claimed; the others wait behind it in accept order.
   */
  private static final class Lane {
    Entry current;
    final TreeMap<Long, Entry> waiting = new TreeMap<>();
  }

  private record Finished(String tenantCuid, Status status) {}

  private final MemoryWebhookStore webhooks;
  private final int maxPending;
  private final int maxPendingPerTenant;
  private final int maxFailed;
  private final MemoryStores.Dropped dropped;
  private final Map<String, Entry> deliveries = new HashMap<>();
  private final PriorityQueue<Entry> due =
      new PriorityQueue<>(
          Comparator.comparingLong((Entry e) -> e.dueAtMillis).thenComparingLong(e -> e.seq));
  private final Map<String, Entry> claimed = new HashMap<>();
  private final Map<String, StoredEvent> events = new HashMap<>();
  private final IdempotencyKeys idempotency;
  private final Map<String, Integer> pendingByTenant = new HashMap<>();

  /** Failed deliveries, oldest failure first: the first to go when there are too many. */
  private final LinkedHashMap<String, Entry> failed = new LinkedHashMap<>();

  private final Map<String, long[]> droppedSinceLog = new HashMap<>();
  private final Map<String, Finished> finished =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Finished> eldest) {
          return size() > FINISHED_KEPT;
        }
      };
  private final Set<String> switchedOffTenants = new HashSet<>();
  private final Map<String, Lane> lanes = new HashMap<>();

  /** Deliveries waiting in a lane behind its current one (not in {@link #due}). */
  private int laneWaiting;

  private final RateBudget rates = new RateBudget();
  private long seq;
  private Instant nextSweep = Instant.EPOCH;

  MemoryQueue(
      MemoryWebhookStore webhooks,
      MemoryBounds bounds,
      int maxPendingPerTenant,
      MemoryStores.Dropped dropped) {
    this.webhooks = webhooks;
    this.maxPending = bounds.maxPendingDeliveries();
    this.maxFailed = bounds.maxFailedDeliveries();
    this.idempotency = new IdempotencyKeys(bounds.maxIdempotencyKeys());
    this.maxPendingPerTenant = maxPendingPerTenant;
    this.dropped = dropped;
  }

  @Override
  public synchronized Future<Receipt> accept(
      Event event, List<Delivery> batch, Instant idempotentSince) {
    String key =
        event.idempotencyKey() == null
            ? null
            : event.tenantCuid() + '\u0000' + event.idempotencyKey();
    idempotency.forgetBefore(idempotentSince);
    if (key != null) {
      IdempotencyKeys.Seen seen = idempotency.get(key);
      if (seen != null && !seen.at().isBefore(idempotentSince)) {
        Receipt first = seen.receipt();
        return Future.succeededFuture(new Receipt(first.eventCuid(), first.deliveries(), true));
      }
    }
    if (!batch.isEmpty()
        && pendingByTenant.getOrDefault(event.tenantCuid(), 0) >= maxPendingPerTenant) {
      return Future.failedFuture(new TooManyPendingException(maxPendingPerTenant));
    }
    long pending = (long) due.size() + claimed.size() + laneWaiting;
    if (!batch.isEmpty() && pending + batch.size() > maxPending) {
      return Future.failedFuture(new QueueFullException(pending));
    }
    if (!batch.isEmpty()) {
      events.put(event.cuid(), new StoredEvent(event, new int[] {batch.size()}));
    }
    for (Delivery d : batch) {
      Entry entry = new Entry(d, seq++);
      deliveries.put(d.cuid(), entry);
      enqueue(entry);
    }
    Receipt receipt = new Receipt(event.cuid(), batch.size(), false);
    if (key != null) {
      int over = idempotency.put(key, new IdempotencyKeys.Seen(receipt, event.createdAt()));
      dropped(MemoryStores.IDEMPOTENCY_KEY, over);
    }
    return Future.succeededFuture(receipt);
  }

  @Override
  public synchronized Future<List<DeliveryJob>> claim(String claimer, int max, Duration lease) {
    Instant now = Instant.now();
    long nowMillis = now.toEpochMilli();
    sweepExpiredClaims(now);
    List<DeliveryJob> jobs = new ArrayList<>(Math.min(max, due.size()));
    List<Entry> outOfBudget = new ArrayList<>();
    while (jobs.size() < max && !due.isEmpty() && due.peek().dueAtMillis <= nowMillis) {
      Entry entry = due.poll();
      Delivery d = entry.delivery;
      Webhook webhook = webhooks.current(d.webhookCuid());
      if (webhook == null || !webhook.enabled() || switchedOffTenants.contains(d.tenantCuid())) {
        finish(entry, Status.CANCELLED);
        continue;
      }
      long notBefore = 0;
      if (webhook.controls().paced()) {
        notBefore = slot(entry, webhook, now);
        if (notBefore < 0) {
          outOfBudget.add(entry);
          continue;
        }
      }
      entry.lockedBy = claimer;
      entry.lockedUntil = now.plus(lease);
      claimed.put(d.cuid(), entry);
      Event event = events.get(d.eventCuid()).event();
      jobs.add(
          DeliveryJob.nextAttempt(
              d,
              event,
              webhook.url(),
              webhook.secret(),
              webhook.sslVerification(),
              webhook.previousSecretExpiresAt(now) == null ? null : webhook.previousSecret(),
              webhook.previousSecretExpiresAt(now),
              notBefore));
    }
    due.addAll(outOfBudget);
    return Future.succeededFuture(jobs);
  }

  /**
   * The start of a paced delivery (epoch milliseconds): now, or its slot of the webhook's rate
   * limit; -1 when the coming second's budget is given out, and then the entry is due again when
   * the next budget opens (it costs no attempt).
   */
  private long slot(Entry entry, Webhook webhook, Instant now) {
    Integer rate = webhook.controls().rateLimitPerSecond();
    if (rate == null) {
      return now.toEpochMilli();
    }
    long nowNanos = now.getEpochSecond() * RateBudget.SECOND_NANOS + now.getNano();
    long start = rates.take(webhook.cuid(), rate, nowNanos);
    if (start < 0) {
      entry.dueAtMillis = Math.max(now.toEpochMilli() + 1, rates.retryAtMillis(webhook.cuid()));
      return -1;
    }
    return Math.max(1, (start + 999_999) / 1_000_000);
  }

  /**
   * Queues a pending delivery: an ordered one goes behind the pending deliveries of its key, and
   * only the oldest of a key is ever due or claimed.
   */
  private void enqueue(Entry entry) {
    if (entry.lane == null) {
      due.add(entry);
      return;
    }
    Lane lane = lanes.computeIfAbsent(entry.lane, k -> new Lane());
    if (lane.current == null) {
      lane.current = entry;
      due.add(entry);
    } else {
      lane.waiting.put(entry.seq, entry);
      laneWaiting++;
    }
  }

  /** An ordered delivery is no longer pending: the next of its key becomes due. */
  private void leaveLane(Entry entry) {
    Lane lane = lanes.get(entry.lane);
    if (lane == null) {
      return;
    }
    if (lane.current != entry) {
      if (lane.waiting.remove(entry.seq) != null) {
        laneWaiting--;
      }
      return;
    }
    Map.Entry<Long, Entry> next = lane.waiting.pollFirstEntry();
    if (next == null) {
      lanes.remove(entry.lane);
      return;
    }
    laneWaiting--;
    lane.current = next.getValue();
    due.add(lane.current);
  }

  @Override
  public synchronized Future<List<String>> complete(
      String claimer, List<Outcome> outcomes, int disableAfterFailures) {
    List<String> disabled = new ArrayList<>();
    for (Outcome o : outcomes) {
      Entry entry = claimed.get(o.deliveryCuid());
      if (entry == null || !claimer.equals(entry.lockedBy)) {
        continue; // lease ran out and the delivery went back to the queue or to another node, or it
        // was cancelled
      }
      claimed.remove(o.deliveryCuid());
      entry.lockedBy = null;
      entry.lockedUntil = null;
      Delivery d = entry.delivery;
      switch (o.kind()) {
        case SUCCEEDED -> {
          finish(entry, Status.SUCCEEDED);
          webhooks.change(
              d.webhookCuid(),
              w -> w.consecutiveFailures() == 0 ? w : w.withConsecutiveFailures(0));
        }
        case RETRY, DEFERRED -> {
          entry.set(with(d, Status.PENDING, o.attempts(), d.maxAttempts(), o.nextAttemptAt()));
          due.add(entry);
        }
        case FAILED -> {
          entry.set(with(d, Status.FAILED, o.attempts(), d.maxAttempts(), d.nextAttemptAt()));
          // one atomic step each: a PATCH in between is neither undone nor undoes this
          Webhook w =
              webhooks.change(
                  d.webhookCuid(),
                  x ->
                      x.withConsecutiveFailures(AutoDisable.afterFailure(x.consecutiveFailures())));
          if (w != null
              && AutoDisable.disables(w.enabled(), w.consecutiveFailures(), disableAfterFailures)) {
            disable(w.cuid(), AutoDisable.reason(w.consecutiveFailures()), disabled);
          }
        }
        case GONE -> {
          entry.set(with(d, Status.FAILED, o.attempts(), d.maxAttempts(), d.nextAttemptAt()));
          disable(d.webhookCuid(), o.reason(), disabled);
        }
      }
    }
    return Future.succeededFuture(disabled);
  }

  private void disable(String webhookCuid, String reason, List<String> disabled) {
    boolean[] switchedOff = {false};
    webhooks.change(
        webhookCuid,
        x -> {
          switchedOff[0] = x.enabled();
          return x.enabled() ? x.disabled(reason, Instant.now()) : x;
        });
    if (switchedOff[0]) {
      disabled.add(webhookCuid);
      cancelPending(webhookCuid);
    }
  }

  @Override
  public synchronized Future<Integer> release(String claimer) {
    int n = 0;
    for (Iterator<Entry> it = claimed.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (claimer.equals(entry.lockedBy)) {
        it.remove();
        entry.lockedBy = null;
        entry.lockedUntil = null;
        due.add(entry);
        n++;
      }
    }
    return Future.succeededFuture(n);
  }

  @Override
  public synchronized Future<ManualRetry> retryNow(String tenantCuid, String deliveryCuid) {
    Entry entry = deliveries.get(deliveryCuid);
    if (entry == null) {
      Finished done = finished.get(deliveryCuid);
      return Future.succeededFuture(
          done != null && done.tenantCuid().equals(tenantCuid)
              ? new ManualRetry.NotFailed(done.status())
              : ManualRetry.NOT_FOUND);
    }
    Delivery d = entry.delivery;
    if (!d.tenantCuid().equals(tenantCuid)) {
      return Future.succeededFuture(ManualRetry.NOT_FOUND);
    }
    if (d.status() != Status.FAILED) {
      return Future.succeededFuture(new ManualRetry.NotFailed(d.status()));
    }
    entry.set(with(d, Status.PENDING, d.attempts(), d.attempts() + 1, Instant.now()));
    enqueue(entry);
    return Future.succeededFuture(new ManualRetry.Queued(entry.delivery));
  }

  /** Walks the failed deliveries kept (at most {@code maxFailedDeliveries}). */
  @Override
  public synchronized Future<Integer> recover(
      String tenantCuid, String webhookCuid, Instant since, Instant until, int attempts) {
    List<Entry> found = new ArrayList<>();
    for (Entry entry : failed.values()) {
      Delivery d = entry.delivery;
      if (d.webhookCuid().equals(webhookCuid)
          && d.tenantCuid().equals(tenantCuid)
          && !d.createdAt().isBefore(since)
          && (until == null || d.createdAt().isBefore(until))) {
        found.add(entry);
      }
    }
    Instant now = Instant.now();
    for (Entry entry : found) {
      Delivery d = entry.delivery;
      entry.set(with(d, Status.PENDING, d.attempts(), d.attempts() + attempts, now));
      due.add(entry);
    }
    return Future.succeededFuture(found.size());
  }

  @Override
  public synchronized Future<Integer> cancelForWebhook(String webhookCuid) {
    return Future.succeededFuture(cancelPending(webhookCuid));
  }

  private int cancelPending(String webhookCuid) {
    return cancelDue(e -> e.delivery.webhookCuid().equals(webhookCuid));
  }

  /**
   * Switches a tenant's deliveries off (its waiting ones are cancelled, and so is any that comes
   * due later, such as the retry of one on the wire now) or on again.
   */
  synchronized void switchTenant(String tenantCuid, boolean enabled) {
    if (enabled) {
      switchedOffTenants.remove(tenantCuid);
    } else {
      switchedOffTenants.add(tenantCuid);
      cancelDue(e -> e.delivery.tenantCuid().equals(tenantCuid));
    }
  }

  private int cancelDue(Predicate<Entry> which) {
    List<Entry> cancelled = new ArrayList<>();
    // those waiting behind their key first, so that cancelling the key's current one wakes none
    for (Lane lane : lanes.values()) {
      for (Entry e : lane.waiting.values()) {
        if (which.test(e)) {
          cancelled.add(e);
        }
      }
    }
    due.removeIf(e -> which.test(e) && cancelled.add(e));
    cancelled.forEach(e -> finish(e, Status.CANCELLED));
    return cancelled.size();
  }

  @Override
  public synchronized Future<Optional<Delivery>> get(String deliveryCuid) {
    Entry entry = deliveries.get(deliveryCuid);
    return Future.succeededFuture(Optional.ofNullable(entry).map(e -> e.delivery));
  }

  @Override
  public synchronized Future<Long> pendingCount() {
    return Future.succeededFuture((long) due.size() + claimed.size() + laneWaiting);
  }

  @Override
  public synchronized Future<Integer> purgeFinishedBefore(Instant cutoff, int batch) {
    int removed = 0;
    for (Iterator<Entry> it = failed.values().iterator(); it.hasNext() && removed < batch; ) {
      Entry entry = it.next();
      if (entry.delivery.createdAt().isBefore(cutoff)) {
        it.remove();
        forget(entry);
        removed++;
      }
    }
    idempotency.forgetBefore(cutoff);
    return Future.succeededFuture(removed);
  }

  @Override
  public synchronized Future<Void> forgetKeysBefore(Instant cutoff) {
    idempotency.forgetBefore(cutoff);
    return Future.succeededFuture();
  }

  /** Deliveries of the tenant still pending, due or not. */
  synchronized int pendingOf(String tenantCuid) {
    return pendingByTenant.getOrDefault(tenantCuid, 0);
  }

  /** Idempotency keys held. */
  synchronized int idempotencyKeys() {
    return idempotency.size();
  }

  /** Failed deliveries held for a retry. */
  synchronized int failedDeliveries() {
    return failed.size();
  }

  /** Events whose body a delivery still holds. */
  synchronized int storedEvents() {
    return events.size();
  }

  /** Keeps the per-tenant pending counts and the failed deliveries (and their bound) in step. */
  private void statusChanged(Entry entry, Status before, Status after) {
    String tenant = entry.delivery.tenantCuid();
    if (before == Status.PENDING && entry.lane != null) {
      leaveLane(entry);
    }
    if (before == Status.PENDING) {
      pendingByTenant.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
    } else if (after == Status.PENDING) {
      pendingByTenant.merge(tenant, 1, Integer::sum);
    }
    if (before == Status.FAILED) {
      failed.remove(entry.delivery.cuid());
    } else if (after == Status.FAILED) {
      failed.put(entry.delivery.cuid(), entry);
      int over = 0;
      for (Iterator<Entry> it = failed.values().iterator(); failed.size() > maxFailed; over++) {
        Entry oldest = it.next();
        it.remove();
        forget(oldest);
      }
      dropped(MemoryStores.FAILED_DELIVERY, over);
    }
  }

  /** Removes a finished delivery that is kept no longer; its event goes with its last delivery. */
  private void forget(Entry entry) {
    deliveries.remove(entry.delivery.cuid());
    releaseEvent(entry.delivery.eventCuid());
  }

  /**
   * Counts what a bound dropped, and says so in the log at once and then at most once a minute per
   * kind.
   */
  private void dropped(String kind, int count) {
    if (count == 0) {
      return;
    }
    dropped.dropped(kind, count);
    long now = System.nanoTime();
    // {dropped since the last report, when that was}; the first drop is reported at once
    long[] report =
        droppedSinceLog.computeIfAbsent(kind, k -> new long[] {0, now - DROP_LOG_EVERY_NANOS});
    report[0] += count;
    if (now - report[1] >= DROP_LOG_EVERY_NANOS) {
      LOG.warn(
          "memory store: dropped the {} oldest {} entries to stay within {} (since the last report)",
          report[0],
          kind,
          MemoryStores.BOUND_KEYS.get(kind));
      report[0] = 0;
      report[1] = now;
    }
  }

  private void finish(Entry entry, Status status) {
    deliveries.remove(entry.delivery.cuid());
    finished.put(entry.delivery.cuid(), new Finished(entry.delivery.tenantCuid(), status));
    entry.set(
        with(
            entry.delivery,
            status,
            entry.delivery.attempts(),
            entry.delivery.maxAttempts(),
            entry.delivery.nextAttemptAt()));
    releaseEvent(entry.delivery.eventCuid());
  }

  private void releaseEvent(String eventCuid) {
    StoredEvent stored = events.get(eventCuid);
    if (stored != null && --stored.references()[0] == 0) {
      events.remove(eventCuid);
    }
  }

  private void sweepExpiredClaims(Instant now) {
    if (now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(SWEEP_EVERY);
    for (Iterator<Entry> it = claimed.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.lockedUntil.isBefore(now)) {
        it.remove();
        entry.lockedBy = null;
        entry.lockedUntil = null;
        due.add(entry);
      }
    }
  }

  private static Delivery with(
      Delivery d, Status status, int attempts, int maxAttempts, Instant next) {
    return new Delivery(
        d.cuid(),
        d.tenantCuid(),
        d.eventCuid(),
        d.webhookCuid(),
        d.event(),
        status,
        attempts,
        maxAttempts,
        next,
        d.createdAt(),
        d.orderingKey());
  }
}
