package io.hookrelay.webhook;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code POST /api/internal/webhooks/{cuid}/secret/rotate} (API.md "Secret rotation"):
 * {@code secret} a string of 1–256 characters, or null or absent for one made by the server; {@code
 * graceSeconds} a whole number from 0 to 604800 (7 days), default 86400. No other field.
 */
public final class SecretRotation {

  public static final long DEFAULT_GRACE_SECONDS = 86_400;
  public static final long MAX_GRACE_SECONDS = 604_800;

  private static final Set<String> FIELDS = Set.of("secret", "graceSeconds");

  /** A valid request: {@code secret} null when the server is to make one. */
  public record Request(String secret, long graceSeconds) {
    @Override
    public String toString() {
      return "SecretRotation.Request[secret=" + (secret == null ? "made" : "***") + "]";
    }
  }

  /** The errors, and the request that passed (use it only when there are no errors). */
  public record Result(List<FieldError> errors, Request request) {}

  private SecretRotation() {}

  public static Result validate(Map<String, Object> body) {
    Fields f = new Fields(body, FIELDS);
    String secret =
        f.has("secret") && f.raw("secret") != null
            ? f.string("secret", 1, WebhookValidator.MAX_SECRET)
            : null;
    long grace = DEFAULT_GRACE_SECONDS;
    if (f.has("graceSeconds")) {
      Long given = wholeNumber(f.raw("graceSeconds"));
      if (given == null || given < 0 || given > MAX_GRACE_SECONDS) {
        f.error("graceSeconds", "must be a whole number from 0 to " + MAX_GRACE_SECONDS);
      } else {
        grace = given;
      }
    }
    return new Result(List.copyOf(f.errors), new Request(secret, grace));
  }

  /** A JSON number without a fraction ({@code 60} or {@code 60.0}), else null; never a string. */
  private static Long wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 63 ? big.longValue() : null;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
    }
    return null;
  }
}
