package io.hookrelay.delivery;

import io.hookrelay.store.DeliveryJob;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per receiver host, which claimed deliveries run now and which wait, so that one slow host cannot
 * starve the others: at most {@code maxActive} requests run per host, and a host holds at most
 * {@code share} claims (running and waiting); a claim beyond that is deferred — handed back to the
 * queue without an attempt. A host holding its whole share is <em>saturated</em> until it is down
 * to half of it; while any host is saturated the verticle claims only on its poll and on other
 * hosts' completions, since new claims would mostly come back. Plain and single-threaded (the
 * verticle's event loop).
 */
final class HostLanes {

  /** What became of a claim given to {@link #admit}. */
  enum Admission {
    /** Send it now. */
    START,
    /** It waits behind its host's running requests; {@link #finished} hands it out. */
    QUEUED,
    /** Its host holds its share: hand the claim back, no attempt counted. */
    DEFER
  }

  /** After a request ended: the host's next claim to send (or null), and whether it was full. */
  record Finished(DeliveryJob next, boolean wasSaturated) {}

  private static final class Lane {
    int active;
    final ArrayDeque<DeliveryJob> waiting = new ArrayDeque<>();

    int held() {
      return active + waiting.size();
    }
  }

  private final int maxActive;
  private final int share;
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Set<String> saturated = new HashSet<>();

  HostLanes(int maxActive, int share) {
    this.maxActive = maxActive;
    this.share = share;
  }

  Admission admit(DeliveryJob job) {
    String host = hostKey(job.url());
    Lane lane = lanes.computeIfAbsent(host, k -> new Lane());
    int held = lane.held();
    if (held >= share) {
      saturated.add(host);
      return Admission.DEFER;
    }
    if (held + 1 >= share) {
      saturated.add(host);
    }
    if (lane.active < maxActive) {
      lane.active++;
      return Admission.START;
    }
    lane.waiting.add(job);
    return Admission.QUEUED;
  }

  /** The request of {@code job} (one that {@link #admit} started) has ended. */
  Finished finished(DeliveryJob job) {
    String host = hostKey(job.url());
    Lane lane = lanes.get(host);
    DeliveryJob next = lane.waiting.poll();
    if (next == null && --lane.active == 0) {
      lanes.remove(host);
    }
    boolean wasSaturated = saturated.contains(host);
    if (wasSaturated && lane.held() <= share / 2) {
      saturated.remove(host);
    }
    return new Finished(next, wasSaturated);
  }

  boolean anySaturated() {
    return !saturated.isEmpty();
  }

  /** Takes out every waiting claim (at stop, to hand them back unsent). */
  List<DeliveryJob> drainWaiting() {
    List<DeliveryJob> all = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      all.addAll(lane.waiting);
      lane.waiting.clear();
    }
    return all;
  }

  /** Scheme, host and port of a URL: requests to one receiver share its limits. */
  static String hostKey(String url) {
    int start = url.indexOf("://");
    int end = url.indexOf('/', start < 0 ? 0 : start + 3);
    return end < 0 ? url : url.substring(0, end);
  }
}
