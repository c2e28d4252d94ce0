package io.hookrelay.webhook;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code POST /api/internal/webhooks/test} (API.md "Webhooks"): {@code url} required,
 * of the same form as a webhook's; {@code secret} a string of 1–256 characters or null; {@code
 * sslVerification} a boolean. The URL's addresses are the SSRF guard's business.
 */
public final class WebhookTestValidator {

  private static final Set<String> FIELDS = Set.of("url", "secret", "sslVerification");

  private WebhookTestValidator() {}

  /**
   * The outcome: every failing field (empty when the request may be sent), and the URL when its
   * form passed (null otherwise), so its addresses can be checked too.
   */
  public record Result(List<FieldError> errors, String url) {}

  public static Result validate(Map<String, Object> body) {
    Fields f = new Fields(body, FIELDS);
    f.require("url");
    String url = f.has("url") ? WebhookValidator.url(f) : null;
    if (f.has("secret") && f.raw("secret") != null) {
      f.string("secret", 1, WebhookValidator.MAX_SECRET);
    }
    if (f.has("sslVerification")) {
      f.bool("sslVerification");
    }
    return new Result(List.copyOf(f.errors), url);
  }
}
