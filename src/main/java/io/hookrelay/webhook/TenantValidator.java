package io.hookrelay.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the tenant resource (API.md "Authentication and tenants"): create takes {@code name}
 * (required, 1–200 characters) and {@code webhooksEnabled} (a boolean, default true); PATCH takes
 * {@code webhooksEnabled} only. Nothing unknown, nothing coerced.
 */
public final class TenantValidator {

  public static final int MAX_NAME = 200;

  /** The outcome: the errors, and the fields that passed (null when not given or failing). */
  public record Result(List<FieldError> errors, String name, Boolean webhooksEnabled) {
    public boolean ok() {
      return errors.isEmpty();
    }

    /** The tenant a create request makes; webhooks are enabled unless it says otherwise. */
    public Tenant create(String cuid, Instant now) {
      return new Tenant(cuid, name, webhooksEnabled == null || webhooksEnabled, now);
    }
  }

  private TenantValidator() {}

  public static Result create(Map<String, Object> body) {
    Fields f = new Fields(body, Set.of("name", "webhooksEnabled"));
    f.require("name");
    String name = f.has("name") ? f.string("name", 1, MAX_NAME) : null;
    Boolean enabled = f.has("webhooksEnabled") ? f.bool("webhooksEnabled") : null;
    return new Result(List.copyOf(f.errors), name, enabled);
  }

  public static Result update(Map<String, Object> body) {
    Fields f = new Fields(body, Set.of("webhooksEnabled"));
    Boolean enabled = f.has("webhooksEnabled") ? f.bool("webhooksEnabled") : null;
    if (!f.has("webhooksEnabled") && f.errors.isEmpty()) {
      f.error("webhooksEnabled", "is required");
    }
    return new Result(List.copyOf(f.errors), null, enabled);
  }
}
