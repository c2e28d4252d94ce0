package io.hookrelay.store.pg;

import io.hookrelay.store.DeliveryJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatchers of this node that take deliveries as they are accepted, without a claim. The
 * accepting insert leases each new delivery it can to one of them ({@link #plan}), preferring the
 * dispatcher on the accepting event loop; once the insert has committed, the deliveries wait here
 * for that dispatcher ({@link #deliver}), which {@link #take}s them on its next claim. So a
 * delivery accepted on a node costs no claim statement, and no NOTIFY, when a dispatcher of that
 * node has room; what finds no room stays in the table for the claims, as before. Safe from any
 * thread.
 */
final class HandOver {

  private final Map<String, Taker> takers = new ConcurrentHashMap<>();

  /** One registered dispatcher. */
  private static final class Taker {
    final String claimer;
    final int capacity;
    final Duration lease;
    final Runnable wake;
    final Thread thread;
    final ConcurrentLinkedQueue<DeliveryJob> waiting = new ConcurrentLinkedQueue<>();

    /** Deliveries waiting for it, plus those planned for it whose insert has not ended yet. */
    final AtomicInteger held = new AtomicInteger();

    final AtomicBoolean wakePending = new AtomicBoolean();

    /**
     * Its last claim found a full batch in the table, or it was told since its last look that the
     * table may hold work for it ({@link HandOver#lookInStore}). A claim that asks the table clears
     * it before its statement starts, so a request that comes while the statement runs (whose rows
     * it may not see) holds for the next claim.
     */
    final AtomicBoolean askStore = new AtomicBoolean(true);

    Taker(String claimer, int capacity, Duration lease, Runnable wake) {
      this.claimer = claimer;
      this.capacity = capacity;
      this.lease = lease;
      this.wake = wake;
      this.thread = Thread.currentThread();
    }

    /** The jobs wait for it, and it is woken unless a wake-up is already on its way. */
    void enqueue(List<DeliveryJob> jobs) {
      waiting.addAll(jobs);
      if (wakePending.compareAndSet(false, true)) {
        wake.run();
      }
    }

    /** Reserves up to {@code wanted} places; returns how many it got. */
    int reserve(int wanted) {
      while (true) {
        int h = held.get();
        int got = Math.min(wanted, capacity - h);
        if (got <= 0) {
          return 0;
        }
        if (held.compareAndSet(h, h + got)) {
          return got;
        }
      }
    }
  }

  /**
   * The places an insert holds at dispatchers, one claimer per place: the insert gives them in
   * order to the new deliveries it may hand over, while they last. All share one lease (the
   * longest).
   */
  static final class Plan {
    final String[] places;
    final long leaseMillis;
    private final Map<Taker, Integer> reserved;

    private Plan(String[] places, long leaseMillis, Map<Taker, Integer> reserved) {
      this.places = places;
      this.leaseMillis = leaseMillis;
      this.reserved = reserved;
    }

    boolean any() {
      return places.length > 0;
    }
  }

  /** A dispatcher that may be handed deliveries: at most {@code capacity} wait for it at a time. */
  void register(String claimer, int capacity, Duration lease, Runnable wake) {
    takers.put(claimer, new Taker(claimer, capacity, lease, wake));
  }

  /** The dispatcher stops: nothing more is handed to it; what waits for it is dropped. */
  void unregister(String claimer) {
    Taker t = takers.remove(claimer);
    if (t != null) {
      t.waiting.clear();
    }
  }

  /**
   * Holds places for up to {@code count} new deliveries, first at the dispatcher running on this
   * thread, then at the others.
   */
  Plan plan(int count) {
    if (takers.isEmpty() || count == 0) {
      return new Plan(new String[0], 0, Map.of());
    }
    List<Taker> order = new ArrayList<>(takers.values());
    Thread here = Thread.currentThread();
    order.sort((a, b) -> Boolean.compare(b.thread == here, a.thread == here));
    Map<Taker, Integer> reserved = new HashMap<>();
    List<String> places = new ArrayList<>();
    long lease = 0;
    for (Taker t : order) {
      if (places.size() == count) {
        break;
      }
      int got = t.reserve(count - places.size());
      if (got > 0) {
        reserved.put(t, got);
        lease = Math.max(lease, t.lease.toMillis());
        places.addAll(Collections.nCopies(got, t.claimer));
      }
    }
    return new Plan(places.toArray(String[]::new), lease, reserved);
  }

  /**
   * The insert committed: the jobs leased to each dispatcher wait for it, and it is woken. Returns
   * the jobs whose dispatcher stopped meanwhile: their leases must be handed back.
   */
  List<DeliveryJob> deliver(Plan plan, Map<String, List<DeliveryJob>> jobsByClaimer) {
    List<DeliveryJob> orphans = new ArrayList<>();
    plan.reserved.forEach(
        (t, n) -> {
          List<DeliveryJob> jobs = jobsByClaimer.getOrDefault(t.claimer, List.of());
          t.held.addAndGet(jobs.size() - n);
          if (jobs.isEmpty()) {
            return;
          }
          if (takers.get(t.claimer) != t) {
            orphans.addAll(jobs);
            return;
          }
          t.enqueue(jobs);
        });
    return orphans;
  }

  /**
   * Jobs the table gave {@code claimer} after its claim had already returned the handed ones: they
   * wait for it like handed jobs, and it is woken. Returns them when it has stopped meanwhile.
   */
  List<DeliveryJob> follow(String claimer, List<DeliveryJob> jobs) {
    Taker t = takers.get(claimer);
    if (t == null) {
      return jobs;
    }
    if (!jobs.isEmpty()) {
      t.held.addAndGet(jobs.size());
      t.enqueue(jobs);
    }
    return List.of();
  }

  /** The insert failed: the places it held are free again. */
  void cancel(Plan plan) {
    plan.reserved.forEach((t, n) -> t.held.addAndGet(-n));
  }

  /** What a claim of {@code claimer} gets handed, and whether it should also ask the table. */
  record Taken(List<DeliveryJob> jobs, boolean askStore) {}

  Taken take(String claimer, int max) {
    Taker t = takers.get(claimer);
    if (t == null) {
      return new Taken(List.of(), true);
    }
    t.wakePending.set(false);
    List<DeliveryJob> jobs = new ArrayList<>();
    DeliveryJob job;
    while (jobs.size() < max && (job = t.waiting.poll()) != null) {
      jobs.add(job);
    }
    t.held.addAndGet(-jobs.size());
    boolean askStore = jobs.size() < max && (t.askStore.getAndSet(false) || jobs.isEmpty());
    return new Taken(jobs, askStore);
  }

  /** A claim of {@code claimer} asked the table: a full batch means more is waiting there. */
  void storeClaimed(String claimer, boolean full) {
    Taker t = takers.get(claimer);
    if (t != null && full) {
      t.askStore.set(true);
    }
  }

  /**
   * Something of {@code claimer}'s in the table may be due now: a retry came due, a paced delivery
   * finished, deliveries were added to the table or handed back, or the poll timer fired.
   */
  void lookInStore(String claimer) {
    Taker t = takers.get(claimer);
    if (t != null) {
      t.askStore.set(true);
    }
  }
}
