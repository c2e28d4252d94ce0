package io.hookrelay.fanout;

import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Webhook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which webhooks want which events: (tenant, event) → webhooks, plus each tenant's {@code
 * webhooksEnabled}. Lookups are lock-free reads of immutable lists; changes (rare) rebuild the
 * affected lists under a lock. Shared by the router verticles of one process.
 */
public final class SubscriptionIndex {

  private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
  private final Map<String, List<Webhook>> byTenantEvent = new ConcurrentHashMap<>();
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

  /** The enabled webhooks of the tenant that subscribe to the event and accept the client. */
  public List<Webhook> matches(String tenantCuid, String event, String clientCuid) {
    List<Webhook> candidates = byTenantEvent.get(key(tenantCuid, event));
    if (candidates == null) {
      return List.of();
    }
    List<Webhook> out = new ArrayList<>(candidates.size());
    for (Webhook w : candidates) {
      if (w.matches(event, clientCuid)) {
        out.add(w);
      }
    }
    return out;
  }

  public synchronized void putAll(Collection<Webhook> all) {
    all.forEach(this::put);
  }

  /** Makes the index hold exactly {@code all}: the store is the source of truth. */
  public synchronized void replaceAll(Collection<Webhook> all) {
    java.util.Set<String> keep = new java.util.HashSet<>();
    all.forEach(w -> keep.add(w.cuid()));
    new ArrayList<>(webhooks.keySet())
        .stream().filter(cuid -> !keep.contains(cuid)).forEach(this::remove);
    all.stream().filter(w -> !w.equals(webhooks.get(w.cuid()))).forEach(this::put);
  }

  /** Adds or replaces a webhook. */
  public synchronized void put(Webhook webhook) {
    remove(webhook.cuid());
    webhooks.put(webhook.cuid(), webhook);
    for (String event : webhook.events()) {
      byTenantEvent.compute(key(webhook.tenantCuid(), event), (k, list) -> with(list, webhook));
    }
  }

  public synchronized void remove(String webhookCuid) {
    Webhook old = webhooks.remove(webhookCuid);
    if (old == null) {
      return;
    }
    for (String event : old.events()) {
      byTenantEvent.computeIfPresent(
          key(old.tenantCuid(), event),
          (k, list) -> {
            List<Webhook> rest = list.stream().filter(w -> !w.cuid().equals(webhookCuid)).toList();
            return rest.isEmpty() ? null : rest;
          });
    }
  }

  public Tenant tenant(String tenantCuid) {
    return tenants.get(tenantCuid);
  }

  public void putTenant(Tenant tenant) {
    tenants.put(tenant.cuid(), tenant);
  }

  public int size() {
    return webhooks.size();
  }

  private static List<Webhook> with(List<Webhook> list, Webhook webhook) {
    List<Webhook> out = list == null ? new ArrayList<>(1) : new ArrayList<>(list);
    out.add(webhook);
    return List.copyOf(out);
  }

  private static String key(String tenantCuid, String event) {
    return tenantCuid + '\u0000' + event;
  }
}
