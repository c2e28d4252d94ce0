package io.hookrelay.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
    Cluster cluster,
    Limits limits) {

  /**
   * The API listener. {@code idleTimeoutSeconds} closes a connection on which nothing moved for
   * that long; {@code requestTimeoutMs} closes one whose request (headers and body) has not fully
   * arrived by then.
   */
  public record Http(String host, int port, int idleTimeoutSeconds, long requestTimeoutMs) {}

  /** The shortest admin token accepted from config: a short one is guessable. */
  public static final int MIN_ADMIN_TOKEN_LENGTH = 24;

  /**
   * {@code maxFailedDeliveries} and {@code maxIdempotencyKeys} bound the memory store's failed
   * deliveries (kept for a retry until retention) and idempotency keys (kept for the window).
   */
  public record Store(
      String type,
      int maxLoggedAttempts,
      int maxPendingDeliveries,
      Postgres postgres,
      int maxFailedDeliveries,
      int maxIdempotencyKeys) {
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

  /** Per-tenant quotas (API.md, "Quotas"). */
  public record Limits(int maxWebhooksPerTenant, int maxPendingDeliveriesPerTenant) {}

  /**
   * Hazelcast and the clustered event bus. {@code tls} secures the event bus with client
   * certificates ({@link Tls#NONE}: off); {@code insecure} allows a host beyond loopback without
   * it.
   */
  public record Cluster(
      boolean enabled,
      List<String> members,
      String host,
      int port,
      String name,
      Tls tls,
      boolean insecure) {

    /** Without event-bus TLS and without {@code insecure}: fine on loopback only. */
    public Cluster(boolean enabled, List<String> members, String host, int port, String name) {
      this(enabled, members, host, port, name, Tls.NONE, false);
    }

    /**
     * True when this member would listen beyond loopback with a plain event bus, not allowed
     * explicitly. Only {@code localhost} and loopback address literals count as loopback (no DNS).
     */
    public boolean exposedWithoutTls() {
      return enabled && !tls.enabled() && !insecure && !isLoopback(host);
    }

    /** {@code localhost}, 127.0.0.0/8 or ::1, written as such; a host name is never looked up. */
    public static boolean isLoopback(String host) {
      String h = host.trim();
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      // Only literals are parsed: InetAddress does no lookup for them.
      if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !h.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        return false;
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }

  /**
   * Event-bus TLS: this member's PEM private key and certificate, and the PEM certificates it
   * trusts (a CA, or the members' own certificates). All null when off.
   */
  public record Tls(String keyPath, String certPath, String caPath) {
    public static final Tls NONE = new Tls(null, null, null);

    public boolean enabled() {
      return keyPath != null;
    }

    /**
     * What is wrong with one of the PEM files (read at boot, before anything binds), or null: a
     * private key file must hold a {@code PRIVATE KEY} block, the others X.509 certificates.
     */
    public static String fileProblem(String path, boolean privateKey) {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        return "cannot read the file " + file;
      }
      try {
        if (privateKey) {
          String pem = Files.readString(file, StandardCharsets.US_ASCII);
          return pem.contains("-----BEGIN ") && pem.contains("PRIVATE KEY-----")
              ? null
              : file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)";
        }
        try (InputStream in = Files.newInputStream(file)) {
          return CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()
              ? file + " holds no PEM certificate"
              : null;
        }
      } catch (IOException | CertificateException e) {
        return file + " holds no PEM certificate (" + e.getMessage() + ")";
      }
    }
  }

  /** Why a clustered node beyond loopback does not start without event-bus TLS. */
  public static final String NEEDS_TLS =
      "'%s' is not a loopback address, and without TLS anyone reaching the event bus could send"
          + " events for any tenant: set cluster.tls.keyPath, cluster.tls.certPath and"
          + " cluster.tls.caPath (see docs/cluster.md), or set cluster.insecure=true to run"
          + " without TLS on a network you fence yourself";

  public static HookrelayConfig from(JsonObject json) {
    Reader r = new Reader(json);
    HookrelayConfig config =
        new HookrelayConfig(
            new Http(
                r.string("http.host"),
                r.intIn("http.port", 0, 65535),
                r.intIn("http.idleTimeoutSeconds", 1, 86_400),
                r.longIn("http.requestTimeoutMs", 100, 3_600_000L)),
            r.adminToken("auth.adminToken"),
            new Store(
                r.oneOf("store.type", "memory", "postgres"),
                r.intIn("store.memory.maxLoggedAttempts", 1, 100_000_000),
                r.intIn("store.memory.maxPendingDeliveries", 1, 100_000_000),
                new Postgres(
                    r.string("store.postgres.url"),
                    r.intIn("store.postgres.poolSize", 1, 1000),
                    r.intIn("store.postgres.pipeliningLimit", 1, 10_000)),
                r.intIn("store.memory.maxFailedDeliveries", 1, 100_000_000),
                r.intIn("store.memory.maxIdempotencyKeys", 1, 100_000_000)),
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
                r.string("cluster.name"),
                r.tls("cluster.tls"),
                r.bool("cluster.insecure")),
            new Limits(
                r.intIn("limits.maxWebhooksPerTenant", 1, 1_000_000),
                r.intIn("limits.maxPendingDeliveriesPerTenant", 1, 100_000_000)));
    if (config.cluster.enabled && !config.store.isPostgres()) {
      throw new ConfigException(
          "cluster.enabled",
          "cluster mode needs store.type=postgres (the memory store is per process)");
    }
    if (config.cluster.exposedWithoutTls()) {
      throw new ConfigException("cluster.host", NEEDS_TLS.formatted(config.cluster.host));
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

    /** Null (the server makes one) or at least {@link #MIN_ADMIN_TOKEN_LENGTH} characters. */
    String adminToken(String path) {
      String token = optionalString(path);
      if (token != null && token.length() < MIN_ADMIN_TOKEN_LENGTH) {
        // never the value itself: it is a secret, and this message is printed
        throw new ConfigException(
            path,
            "must be at least "
                + MIN_ADMIN_TOKEN_LENGTH
                + " characters long (the configured one has "
                + token.length()
                + "); leave it unset and the server makes one");
      }
      return token;
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

    /** All three PEM files, readable, or none. */
    Tls tls(String prefix) {
      List<String> keys = List.of(prefix + ".keyPath", prefix + ".certPath", prefix + ".caPath");
      List<String> paths = keys.stream().map(this::optionalString).toList();
      if (paths.stream().allMatch(Objects::isNull)) {
        return Tls.NONE;
      }
      for (int i = 0; i < keys.size(); i++) {
        if (paths.get(i) == null) {
          throw new ConfigException(
              keys.get(i), "must be set too: " + String.join(", ", keys) + " go together");
        }
        String problem = Tls.fileProblem(paths.get(i), i == 0);
        if (problem != null) {
          throw new ConfigException(keys.get(i), problem);
        }
      }
      return new Tls(paths.get(0), paths.get(1), paths.get(2));
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
