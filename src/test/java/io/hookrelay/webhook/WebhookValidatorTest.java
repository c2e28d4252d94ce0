package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook rules as a plain class: the same body decoding the API does (maps and lists). */
class WebhookValidatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

  private final WebhookValidator validator = new WebhookValidator(EventCatalog.defaults());

  private static Map<String, Object> valid() {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "hook");
    body.put("url", "https://203.0.113.10/hook");
    body.put("sslVerification", true);
    body.put("events", List.of("ReportPublished"));
    body.put("enabled", true);
    return body;
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = valid();
    body.put(field, value);
    return body;
  }

  private static List<String> fields(WebhookValidator.Result result) {
    return result.errors().stream().map(FieldError::field).toList();
  }

  private static Webhook existing(boolean enabled, String disabledReason, String secret) {
    return new Webhook(
        "cw",
        "ct",
        List.of("cc"),
        "old",
        "https://203.0.113.1/",
        true,
        List.of("ReportPublished"),
        enabled,
        secret,
        disabledReason,
        7,
        T0,
        T0);
  }

  @Test
  @DisplayName(
      "A valid create body passes and becomes a webhook with an empty clientCuids and no secret")
  void validCreate() {
    WebhookValidator.Result result = validator.validate(valid(), true);

    assertThat(result.ok()).isTrue();
    Webhook w = result.changes().create("cw", "ct", T0);
    assertThat(w.clientCuids()).isEmpty();
    assertThat(w.hasSecret()).isFalse();
    assertThat(w.events()).containsExactly("ReportPublished");
    assertThat(w.disabledReason()).isNull();
    assertThat(w.createdAt()).isEqualTo(T0).isEqualTo(w.updatedAt());
  }

  @Test
  @DisplayName(
      "Create requires name, url, sslVerification, events and enabled, and lists every missing one")
  void required() {
    assertThat(fields(validator.validate(new HashMap<>(), true)))
        .containsExactlyInAnyOrder("name", "url", "sslVerification", "events", "enabled");
  }

  @Test
  @DisplayName("PATCH requires nothing but at least one field")
  void patchNeedsOneField() {
    assertThat(validator.validate(Map.of("name", "x"), false).ok()).isTrue();
    assertThat(fields(validator.validate(new HashMap<>(), false))).containsExactly("body");
  }

  @Test
  @DisplayName("Wrong types are errors, never coerced")
  void noCoercion() {
    assertThat(fields(validator.validate(with("enabled", "true"), true)))
        .containsExactly("enabled");
    assertThat(fields(validator.validate(with("sslVerification", 1), true)))
        .containsExactly("sslVerification");
    assertThat(fields(validator.validate(with("name", 42), true))).containsExactly("name");
    assertThat(fields(validator.validate(with("events", "ReportPublished"), true)))
        .containsExactly("events");
    assertThat(fields(validator.validate(with("clientCuids", List.of(1)), true)))
        .containsExactly("clientCuids");
    assertThat(fields(validator.validate(with("secret", 12345), true))).containsExactly("secret");
  }

  @Test
  @DisplayName("Lengths: name 1–200, secret 1–256, url up to 2048")
  void lengths() {
    assertThat(validator.validate(with("name", "n".repeat(200)), true).ok()).isTrue();
    assertThat(fields(validator.validate(with("name", "n".repeat(201)), true)))
        .containsExactly("name");
    assertThat(fields(validator.validate(with("name", ""), true))).containsExactly("name");
    assertThat(validator.validate(with("secret", "s".repeat(256)), true).ok()).isTrue();
    assertThat(fields(validator.validate(with("secret", "s".repeat(257)), true)))
        .containsExactly("secret");
    assertThat(fields(validator.validate(with("secret", ""), true))).containsExactly("secret");
    String base = "https://203.0.113.10/";
    assertThat(validator.validate(with("url", base + "p".repeat(2048 - base.length())), true).ok())
        .isTrue();
    assertThat(
            fields(validator.validate(with("url", base + "p".repeat(2049 - base.length())), true)))
        .containsExactly("url");
  }

  @Test
  @DisplayName("Events: at least one, each in the catalog, none twice")
  void events() {
    assertThat(fields(validator.validate(with("events", List.of()), true)))
        .containsExactly("events");
    assertThat(fields(validator.validate(with("events", List.of("Nope")), true)))
        .containsExactly("events");
    assertThat(
            fields(
                validator.validate(
                    with("events", List.of("ReportPublished", "ReportPublished")), true)))
        .containsExactly("events");
    assertThat(
            validator
                .validate(with("events", List.of("ReportPublished", "FindingPublished")), true)
                .ok())
        .isTrue();
    WebhookValidator custom =
        new WebhookValidator(new EventCatalog(List.of(new EventType("ScanCompleted", "scan", ""))));
    assertThat(custom.validate(with("events", List.of("ScanCompleted")), true).ok()).isTrue();
  }

  @Test
  @DisplayName("Unknown fields are errors, each named")
  void unknownFields() {
    Map<String, Object> body = with("zeta", 1);
    body.put("alpha", 2);

    assertThat(fields(validator.validate(body, true))).containsExactly("alpha", "zeta");
  }

  @Test
  @DisplayName("Every failing field is reported at once")
  void everyFailure() {
    Map<String, Object> body = new HashMap<>();
    body.put("clientCuids", "x");
    body.put("name", "");
    body.put("url", "ftp://x/");
    body.put("secret", 1);
    body.put("sslVerification", "no");
    body.put("events", List.of());
    body.put("enabled", null);

    assertThat(fields(validator.validate(body, true)))
        .containsExactlyInAnyOrder(
            "clientCuids", "name", "url", "secret", "sslVerification", "events", "enabled");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ftp://203.0.113.10/",
        "/relative",
        "203.0.113.10/no-scheme",
        "http:///no-host",
        "http://203.0.113.10:99999/",
        "http://203.0.113.10:0/",
        "http://a b/"
      })
  @DisplayName("urlProblem refuses URLs that are not absolute http(s) with a host and a valid port")
  void urlProblem(String url) {
    assertThat(WebhookValidator.urlProblem(url)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://203.0.113.10/",
        "https://h.example:65535/a?b=c",
        "HTTPS://H.EXAMPLE",
        "http://[2001:db8::1]/"
      })
  @DisplayName("urlProblem accepts absolute http(s) URLs")
  void urlFine(String url) {
    assertThat(WebhookValidator.urlProblem(url)).isNull();
  }

  @Test
  @DisplayName("Applying a PATCH changes only the given fields and moves updatedAt")
  void applyPartial() {
    Webhook old = existing(true, null, "s");

    Webhook w = validator.validate(Map.of("name", "new"), false).changes().applyTo(old, T1);

    assertThat(w.name()).isEqualTo("new");
    assertThat(w.url()).isEqualTo(old.url());
    assertThat(w.clientCuids()).isEqualTo(old.clientCuids());
    assertThat(w.secret()).isEqualTo("s");
    assertThat(w.consecutiveFailures()).isEqualTo(7);
    assertThat(w.createdAt()).isEqualTo(T0);
    assertThat(w.updatedAt()).isEqualTo(T1);
  }

  @Test
  @DisplayName("Re-enabling clears disabledReason and the failure streak")
  void reEnable() {
    Webhook w =
        validator
            .validate(Map.of("enabled", true), false)
            .changes()
            .applyTo(existing(false, "receiver answered 410 Gone", null), T1);

    assertThat(w.enabled()).isTrue();
    assertThat(w.disabledReason()).isNull();
    assertThat(w.consecutiveFailures()).isZero();
  }

  @Test
  @DisplayName("Other changes to a disabled webhook keep its disabledReason")
  void stayDisabled() {
    Webhook w =
        validator
            .validate(Map.of("name", "renamed"), false)
            .changes()
            .applyTo(existing(false, "receiver answered 410 Gone", null), T1);

    assertThat(w.enabled()).isFalse();
    assertThat(w.disabledReason()).isEqualTo("receiver answered 410 Gone");
  }

  @Test
  @DisplayName("secret null removes the secret; a new string replaces it; leaving it out keeps it")
  void secret() {
    Map<String, Object> remove = new HashMap<>();
    remove.put("secret", null);

    assertThat(
            validator
                .validate(remove, false)
                .changes()
                .applyTo(existing(true, null, "s"), T1)
                .hasSecret())
        .isFalse();
    assertThat(
            validator
                .validate(Map.of("secret", "t"), false)
                .changes()
                .applyTo(existing(true, null, "s"), T1)
                .secret())
        .isEqualTo("t");
    assertThat(
            validator
                .validate(Map.of("enabled", false), false)
                .changes()
                .applyTo(existing(true, null, "s"), T1)
                .secret())
        .isEqualTo("s");
  }

  @Test
  @DisplayName("A webhook's toString never shows its secret")
  void toStringHidesSecret() {
    assertThat(existing(true, null, "top-secret").toString()).doesNotContain("top-secret");
  }
}
