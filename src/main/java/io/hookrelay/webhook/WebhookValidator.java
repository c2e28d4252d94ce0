package io.hookrelay.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the webhook resource (API.md "Webhooks"). Create needs every field but {@code
 * clientCuids} and {@code secret}; PATCH takes any non-empty subset. Every failing field is
 * reported. The URL's form is checked here; its addresses are the SSRF guard's business.
 */
public final class WebhookValidator {

  public static final int MAX_NAME = 200;
  public static final int MAX_URL = 2048;
  public static final int MAX_SECRET = 256;
  public static final int MAX_CLIENT_CUIDS = 100;
  public static final int MAX_CLIENT_CUID = 200;

  private static final Set<String> FIELDS =
      Set.of(
          "clientCuids",
          "name",
          "url",
          "secret",
          "sslVerification",
          "events",
          "enabled",
          "rateLimitPerSecond",
          "ordering");
  private static final List<String> REQUIRED_ON_CREATE =
      List.of("name", "url", "sslVerification", "events", "enabled");

  /** The validated fields of one request; null means "not given" (except {@code secret}). */
  public record Changes(
      List<String> clientCuids,
      String name,
      String url,
      Boolean sslVerification,
      List<String> events,
      Boolean enabled,
      boolean secretGiven,
      String secret,
      boolean rateGiven,
      Integer rateLimitPerSecond,
      DeliveryControls.Ordering ordering) {

    /** Changes that leave the delivery controls as they are. */
    public Changes(
        List<String> clientCuids,
        String name,
        String url,
        Boolean sslVerification,
        List<String> events,
        Boolean enabled,
        boolean secretGiven,
        String secret) {
      this(
          clientCuids,
          name,
          url,
          sslVerification,
          events,
          enabled,
          secretGiven,
          secret,
          false,
          null,
          null);
    }

    /** The webhook's controls with the changes of this request. */
    DeliveryControls controls(DeliveryControls current) {
      DeliveryControls c = rateGiven ? current.withRate(rateLimitPerSecond) : current;
      return ordering != null ? c.withOrdering(ordering) : c;
    }

    public Webhook create(String cuid, String tenantCuid, Instant now) {
      return new Webhook(
          cuid,
          tenantCuid,
          clientCuids == null ? List.of() : clientCuids,
          name,
          url,
          sslVerification,
          events,
          enabled,
          secret,
          null,
          0,
          now,
          now,
          null,
          null,
          controls(DeliveryControls.NONE));
    }

    public Webhook applyTo(Webhook w, Instant now) {
      boolean enabledNow = enabled != null ? enabled : w.enabled();
      boolean reEnabled = enabledNow && !w.enabled();
      return new Webhook(
          w.cuid(),
          w.tenantCuid(),
          clientCuids != null ? clientCuids : w.clientCuids(),
          name != null ? name : w.name(),
          url != null ? url : w.url(),
          sslVerification != null ? sslVerification : w.sslVerification(),
          events != null ? events : w.events(),
          enabledNow,
          secretGiven ? secret : w.secret(),
          enabledNow ? null : w.disabledReason(),
          reEnabled ? 0 : w.consecutiveFailures(),
          w.createdAt(),
          now,
          // a secret set by PATCH replaces the old one at once: only a rotation keeps it a while
          secretGiven ? null : w.previousSecret(),
          secretGiven ? null : w.previousSecretExpiresAt(),
          controls(w.controls()));
    }
  }

  /**
   * The outcome: the errors, and the fields that passed (use them only when there are no errors).
   */
  public record Result(List<FieldError> errors, Changes changes) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private final EventCatalog catalog;

  public WebhookValidator(EventCatalog catalog) {
    this.catalog = catalog;
  }

  public Result validate(Map<String, Object> body, boolean create) {
    Fields f = new Fields(body, FIELDS);
    if (create) {
      REQUIRED_ON_CREATE.forEach(f::require);
    } else if (body.isEmpty()) {
      f.error("body", "must change at least one field");
    }
    List<String> clientCuids =
        f.has("clientCuids")
            ? f.strings("clientCuids", false, false, MAX_CLIENT_CUIDS, MAX_CLIENT_CUID)
            : null;
    String name = f.has("name") ? f.string("name", 1, MAX_NAME) : null;
    String url = f.has("url") ? url(f) : null;
    Boolean ssl = f.has("sslVerification") ? f.bool("sslVerification") : null;
    List<String> events = f.has("events") ? events(f) : null;
    Boolean enabled = f.has("enabled") ? f.bool("enabled") : null;
    String secret =
        f.has("secret") && f.raw("secret") != null ? f.string("secret", 1, MAX_SECRET) : null;
    Integer rate =
        f.has("rateLimitPerSecond") && f.raw("rateLimitPerSecond") != null ? rate(f) : null;
    DeliveryControls.Ordering ordering = f.has("ordering") ? ordering(f) : null;
    Changes changes =
        new Changes(
            clientCuids,
            name,
            url,
            ssl,
            events,
            enabled,
            f.has("secret"),
            secret,
            f.has("rateLimitPerSecond"),
            rate,
            ordering);
    return new Result(List.copyOf(f.errors), changes);
  }

  /** A whole number of attempts per second, 1 to {@link DeliveryControls#MAX_RATE}. */
  private static Integer rate(Fields f) {
    Object v = f.raw("rateLimitPerSecond");
    String range = "must be an integer from 1 to " + DeliveryControls.MAX_RATE + ", or null";
    if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
      f.error("rateLimitPerSecond", range);
      return null;
    }
    java.math.BigInteger n = new java.math.BigInteger(v.toString());
    if (n.signum() <= 0
        || n.compareTo(java.math.BigInteger.valueOf(DeliveryControls.MAX_RATE)) > 0) {
      f.error("rateLimitPerSecond", range + " (got " + n + ")");
      return null;
    }
    return n.intValue();
  }

  private static DeliveryControls.Ordering ordering(Fields f) {
    Object v = f.raw("ordering");
    DeliveryControls.Ordering o =
        v instanceof String s ? DeliveryControls.Ordering.fromWire(s) : null;
    if (o == null) {
      f.error("ordering", "must be \"none\" or \"perKey\"");
    }
    return o;
  }

  private List<String> events(Fields f) {
    List<String> events = f.strings("events", true, true, catalog.size(), 200);
    if (events == null) {
      return null;
    }
    List<String> unknown = events.stream().filter(e -> !catalog.contains(e)).toList();
    if (!unknown.isEmpty()) {
      f.error(
          "events",
          "unknown event " + String.join(", ", unknown) + " (see GET /api/internal/webhookevents)");
      return null;
    }
    return events;
  }

  /**
   * Checks the form of a URL: a string, absolute http or https with a host and a valid port, at
   * most 2048 chars.
   */
  static String url(Fields f) {
    String url = f.string("url", 1, MAX_URL);
    if (url == null) {
      return null;
    }
    String problem = urlProblem(url);
    if (problem != null) {
      f.error("url", problem);
      return null;
    }
    return url;
  }

  public static String urlProblem(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        return "must be an absolute http or https URL";
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return "must name a host";
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535) {
        return "must have a port from 1 to 65535";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
  }
}
