package io.hookrelay.fanout;

import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Webhook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which webhooks want which events: (tenant, event) → subscriptions, plus each tenant's {@code
 * webhooksEnabled}. Shared by the router verticles of one process.
 *
 * <p>Lookups are lock-free reads of immutable lists. Changes are serialised and swap each affected
 * list in one step, so a lookup made during a change sees the webhook as it was or as it is, never
 * neither. Only what routing needs is indexed ({@link Subscription}): renaming a webhook or moving
 * its failure streak is no change to the index at all.
 *
 * <p>Reads of the store can come back out of order (a full reload started before a change may end
 * after it). Each read takes a {@link #ticket()} before it starts, and a result older than what the
 * index already holds for that webhook is ignored.
 */
public final class SubscriptionIndex {

  /**
   * What routing needs of an enabled webhook; {@code ordered}: its deliveries carry the event's
   * ordering key.
   */
  public record Subscription(
      String cuid,
      String tenantCuid,
      Set<String> events,
      Set<String> clientCuids,
      boolean ordered) {

    public Subscription {
      events = Set.copyOf(events);
      clientCuids = Set.copyOf(clientCuids);
    }

    public Subscription(
        String cuid, String tenantCuid, Set<String> events, Set<String> clientCuids) {
      this(cuid, tenantCuid, events, clientCuids, false);
    }

    /** The webhook's subscription; empty when it is disabled (it takes no events). */
    static Optional<Subscription> of(Webhook w) {
      return w.enabled()
          ? Optional.of(
              new Subscription(
                  w.cuid(),
                  w.tenantCuid(),
                  Set.copyOf(w.events()),
                  Set.copyOf(w.clientCuids()),
                  w.controls().ordered()))
          : Optional.empty();
    }

    /** An empty list takes every client, and events without one. */
    boolean takesClient(String clientCuid) {
      return clientCuids.isEmpty() || (clientCuid != null && clientCuids.contains(clientCuid));
    }
  }

  private final Map<String, Subscription> byCuid = new ConcurrentHashMap<>();
  private final Map<String, List<Subscription>> byTenantEvent = new ConcurrentHashMap<>();
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

  /**
   * Guarded by this: the ticket of the newest store read applied per webhook since {@link #floor}.
   */
  private final Map<String, Long> appliedTicket = new HashMap<>();

  /** Guarded by this: reads with an older ticket are older than the last full reload. */
  private long floor;

  private long tickets;

  /** The subscriptions of the tenant to the event that take the client. */
  public List<Subscription> matches(String tenantCuid, String event, String clientCuid) {
    List<Subscription> candidates = byTenantEvent.get(key(tenantCuid, event));
    if (candidates == null) {
      return List.of();
    }
    List<Subscription> out = new ArrayList<>(candidates.size());
    for (Subscription s : candidates) {
      if (s.takesClient(clientCuid)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Takes a ticket before reading the store; hand it back with what was read. */
  public synchronized long ticket() {
    return ++tickets;
  }

  /**
   * The webhook as a store read begun with {@code ticket} found it (empty: it is gone), unless a
   * newer read has been applied already.
   */
  public synchronized void refreshed(String webhookCuid, Optional<Webhook> read, long ticket) {
    if (ticket < floor || appliedTicket.getOrDefault(webhookCuid, 0L) > ticket) {
      return;
    }
    appliedTicket.put(webhookCuid, ticket);
    apply(webhookCuid, read.flatMap(Subscription::of).orElse(null));
  }

  /**
   * Makes the index hold exactly {@code all}, as a full read of the store begun with {@code ticket}
   * found them (the store is the source of truth), but for webhooks a newer read has refreshed
   * since.
   */
  public synchronized void reloaded(Collection<Webhook> all, long ticket) {
    if (ticket < floor) {
      return;
    }
    Map<String, Subscription> wanted = new HashMap<>();
    Set<String> known = new HashSet<>();
    for (Webhook w : all) {
      known.add(w.cuid());
      Subscription.of(w).ifPresent(s -> wanted.put(s.cuid(), s));
    }
    known.addAll(byCuid.keySet());
    for (String cuid : known) {
      if (appliedTicket.getOrDefault(cuid, 0L) <= ticket) {
        apply(cuid, wanted.get(cuid));
      }
    }
    floor = ticket;
    appliedTicket.values().removeIf(t -> t <= ticket);
  }

  /** Adds or replaces a webhook now (tests, and loading at start before anything else runs). */
  public synchronized void put(Webhook webhook) {
    refreshed(webhook.cuid(), Optional.of(webhook), ticket());
  }

  public synchronized void putAll(Collection<Webhook> all) {
    all.forEach(this::put);
  }

  public synchronized void remove(String webhookCuid) {
    refreshed(webhookCuid, Optional.empty(), ticket());
  }

  public Tenant tenant(String tenantCuid) {
    return tenants.get(tenantCuid);
  }

  public void putTenant(Tenant tenant) {
    tenants.put(tenant.cuid(), tenant);
  }

  /** How many enabled webhooks are indexed. */
  public int size() {
    return byCuid.size();
  }

  /**
   * Moves one webhook from its old subscription to {@code next} (null: none). Each affected list is
   * swapped in one {@code compute}: a lookup sees the old list or the new one.
   */
  private void apply(String cuid, Subscription next) {
    Subscription old = byCuid.get(cuid);
    if (Objects.equals(old, next)) {
      return;
    }
    String tenant = next != null ? next.tenantCuid() : old.tenantCuid();
    Set<String> events = new HashSet<>();
    if (old != null) {
      events.addAll(old.events());
    }
    if (next != null) {
      events.addAll(next.events());
    }
    for (String event : events) {
      Subscription here = next != null && next.events().contains(event) ? next : null;
      byTenantEvent.compute(key(tenant, event), (k, list) -> replaced(list, cuid, here));
    }
    if (next != null) {
      byCuid.put(cuid, next);
    } else {
      byCuid.remove(cuid);
    }
  }

  /** The list with the webhook's entry replaced by {@code next}, or left out; null when empty. */
  private static List<Subscription> replaced(
      List<Subscription> list, String cuid, Subscription next) {
    List<Subscription> out = new ArrayList<>(list == null ? 1 : list.size() + 1);
    boolean placed = false;
    if (list != null) {
      for (Subscription s : list) {
        if (!s.cuid().equals(cuid)) {
          out.add(s);
        } else if (next != null) {
          out.add(next);
          placed = true;
        }
      }
    }
    if (next != null && !placed) {
      out.add(next);
    }
    return out.isEmpty() ? null : List.copyOf(out);
  }

  private static String key(String tenantCuid, String event) {
    return tenantCuid + '\u0000' + event;
  }
}
