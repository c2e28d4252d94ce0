package io.hookrelay.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The whole effective configuration, typed and immutable. Every value is checked once, here. */
public record HookrelayConfig(
    Http http,
    String adminToken,
    Store store,
    Delivery delivery,
    Ssrf ssrf,
    long maxBodyBytes,
    List<CatalogEntry> extraEvents,
    long idempotencyWindowHours,
    Retention retention,
    Cluster cluster) {

  public record Http(String host, int port) {}

  public record Store(
      String type, int maxLoggedAttempts, int maxPendingDeliveries, Postgres postgres) {
    public boolean isPostgres() {
      return "postgres".equals(type);
    }
  }

  public record Postgres(String url, int poolSize, int pipeliningLimit) {}

  /** Delivery settings. {@code instances} 0 means one delivery verticle per event loop. */
  public record Delivery(
      long timeoutMs,
      int maxRetries,
      long initialBackoffMs,
      double backoffMultiplier,
      long maxBackoffMs,
      double jitter,
      int maxConnectionsPerHost,
      int disableAfterFailures,
      int instances,
      int batchSize,
      int maxInFlight,
      int maxInFlightPerHost,
      long leaseMs,
      long pollIntervalMs,
      int maxConnections) {}

  /**
   * SSRF rules. {@code dnsServers} (IP or IP:port, IPv6 as [IP]:port) resolve webhook hosts; empty
   * means the system's. {@code dnsTimeoutMs} bounds one resolution.
   */
  public record Ssrf(
      boolean allowPrivateNetworks,
      List<String> allowedHosts,
      List<String> dnsServers,
      long dnsTimeoutMs) {}

  public record CatalogEntry(String event, String targetType, String description) {}

  public record Retention(int days, long intervalMs, int batchSize) {}

  public record Cluster(
      boolean enabled, List<String> members, String host, int port, String name) {}

  public static HookrelayConfig from(JsonObject json) {
    Reader r = new Reader(json);
    HookrelayConfig config =
        new HookrelayConfig(
            new Http(r.string("http.host"), r.intIn("http.port", 0, 65535)),
            r.optionalString("auth.adminToken"),
            new Store(
                r.oneOf("store.type", "memory", "postgres"),
                r.intIn("store.memory.maxLoggedAttempts", 1, 100_000_000),
                r.intIn("store.memory.maxPendingDeliveries", 1, 100_000_000),
                new Postgres(
                    r.string("store.postgres.url"),
                    r.intIn("store.postgres.poolSize", 1, 1000),
                    r.intIn("store.postgres.pipeliningLimit", 1, 10_000))),
            new Delivery(
                r.longIn("delivery.timeoutMs", 1, 600_000),
                r.intIn("delivery.maxRetries", 0, 100),
                r.longIn("delivery.initialBackoffMs", 0, 86_400_000L),
                r.doubleIn("delivery.backoffMultiplier", 1, 100),
                r.longIn("delivery.maxBackoffMs", 0, 7 * 86_400_000L),
                r.doubleIn("delivery.jitter", 0, 1),
                r.intIn("delivery.maxConnectionsPerHost", 1, 10_000),
                r.intIn("delivery.disableAfterFailures", 1, 1_000_000),
                r.intIn("delivery.instances", 0, 256),
                r.intIn("delivery.batchSize", 1, 10_000),
                r.intIn("delivery.maxInFlight", 1, 1_000_000),
                r.intIn("delivery.maxInFlightPerHost", 1, 1_000_000),
                r.longIn("delivery.leaseMs", 1_000, 86_400_000L),
                r.longIn("delivery.pollIntervalMs", 10, 600_000),
                r.intIn("delivery.maxConnections", 1, 1_000_000)),
            new Ssrf(
                r.bool("security.ssrf.allowPrivateNetworks"),
                r.strings("security.ssrf.allowedHosts"),
                r.dnsServers("security.ssrf.dnsServers"),
                r.longIn("security.ssrf.dnsTimeoutMs", 1, 60_000)),
            r.longIn("limits.maxBodyBytes", 1024, 1L << 30),
            r.catalog("events.catalog"),
            r.longIn("idempotency.windowHours", 1, 24 * 365),
            new Retention(
                r.intIn("retention.days", 1, 36_500),
                r.longIn("retention.intervalMs", 1_000, 86_400_000L),
                r.intIn("retention.batchSize", 1, 1_000_000)),
            new Cluster(
                r.bool("cluster.enabled"),
                r.strings("cluster.members"),
                r.string("cluster.host"),
                r.intIn("cluster.port", 0, 65535),
                r.string("cluster.name")));
    if (config.cluster.enabled && !config.store.isPostgres()) {
      throw new ConfigException(
          "cluster.enabled",
          "cluster mode needs store.type=postgres (the memory store is per process)");
    }
    return config;
  }

  private static final java.util.regex.Pattern DNS_SERVER =
      java.util.regex.Pattern.compile(
          "(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\])(?::(\\d{1,5}))?");

  /** Reads dotted paths out of the merged JSON, naming the key in every complaint. */
  private record Reader(JsonObject root) {

    Object value(String path) {
      Object node = root;
      for (String part : path.split("\\.")) {
        if (!(node instanceof JsonObject obj)) {
          return null;
        }
        node = obj.getValue(part);
      }
      return node;
    }

    String string(String path) {
      Object v = value(path);
      if (!(v instanceof String s) || s.isBlank()) {
        throw new ConfigException(path, "must be a non-empty string");
      }
      return s;
    }

    String optionalString(String path) {
      Object v = value(path);
      if (v == null || (v instanceof String s && s.isBlank())) {
        return null;
      }
      return string(path);
    }

    String oneOf(String path, String... allowed) {
      String v = string(path);
      if (!List.of(allowed).contains(v)) {
        throw new ConfigException(path, "'" + v + "' is not one of " + String.join(", ", allowed));
      }
      return v;
    }

    boolean bool(String path) {
      if (!(value(path) instanceof Boolean b)) {
        throw new ConfigException(path, "must be true or false");
      }
      return b;
    }

    long longIn(String path, long min, long max) {
      Object v = value(path);
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new ConfigException(path, "must be a whole number");
      }
      long l = n.longValue();
      if (l < min || l > max) {
        throw new ConfigException(path, l + " is outside " + min + ".." + max);
      }
      return l;
    }

    int intIn(String path, int min, int max) {
      return (int) longIn(path, min, max);
    }

    double doubleIn(String path, double min, double max) {
      if (!(value(path) instanceof Number n)) {
        throw new ConfigException(path, "must be a number");
      }
      double d = n.doubleValue();
      if (!(d >= min && d <= max)) {
        throw new ConfigException(path, d + " is outside " + min + ".." + max);
      }
      return d;
    }

    List<String> strings(String path) {
      if (!(value(path) instanceof JsonArray array)) {
        throw new ConfigException(path, "must be a list of strings");
      }
      List<String> out = new ArrayList<>();
      for (Object o : array) {
        if (!(o instanceof String s)) {
          throw new ConfigException(path, "must be a list of strings");
        }
        out.add(s);
      }
      return List.copyOf(out);
    }

    /** DNS server addresses: {@code a.b.c.d}, {@code a.b.c.d:port} or {@code [IPv6]:port}. */
    List<String> dnsServers(String path) {
      List<String> servers = strings(path);
      for (String server : servers) {
        java.util.regex.Matcher m = DNS_SERVER.matcher(server);
        if (!m.matches() || (m.group(1) != null && Integer.parseInt(m.group(1)) > 65535)) {
          throw new ConfigException(
              path, "'" + server + "' is not an IP address with an optional port (a.b.c.d:53)");
        }
      }
      return servers;
    }

    List<CatalogEntry> catalog(String path) {
      if (!(value(path) instanceof JsonArray array)) {
        throw new ConfigException(
            path, "must be a list of {event, targetType, description} or of event names");
      }
      List<CatalogEntry> out = new ArrayList<>();
      for (Object o : array) {
        if (o instanceof String listed
            && !listed.isBlank()) { // from env: a comma-separated list of names
          out.add(new CatalogEntry(listed.trim(), "", ""));
          continue;
        }
        if (!(o instanceof JsonObject e)
            || !(e.getValue("event") instanceof String name)
            || name.isBlank()) {
          throw new ConfigException(path, "every entry needs a string 'event'");
        }
        out.add(
            new CatalogEntry(name, e.getString("targetType", ""), e.getString("description", "")));
      }
      return List.copyOf(out);
    }
  }
}
