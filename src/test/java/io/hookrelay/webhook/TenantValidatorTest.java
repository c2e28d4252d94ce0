package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The tenant rules")
class TenantValidatorTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  @DisplayName("A created tenant has its webhooks enabled unless the request says otherwise")
  void enabledByDefault() {
    assertThat(TenantValidator.create(Map.of("name", "Acme")).create("t1", NOW))
        .isEqualTo(new Tenant("t1", "Acme", true, NOW));
    assertThat(
            TenantValidator.create(Map.of("name", "Acme", "webhooksEnabled", false))
                .create("t1", NOW)
                .webhooksEnabled())
        .isFalse();
  }

  @Test
  @DisplayName("A create without a name, or with an unknown field, names each failing field")
  void createErrors() {
    assertThat(TenantValidator.create(Map.of("colour", "red")).errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("name", "colour");
  }

  @Test
  @DisplayName("A PATCH must say whether webhooks are enabled, as a boolean")
  void updateErrors() {
    assertThat(TenantValidator.update(Map.of()).errors())
        .containsExactly(new FieldError("webhooksEnabled", "is required"));
    assertThat(TenantValidator.update(Map.of("webhooksEnabled", "yes")).errors())
        .containsExactly(new FieldError("webhooksEnabled", "must be a boolean"));
    assertThat(TenantValidator.update(Map.of("webhooksEnabled", true)).webhooksEnabled()).isTrue();
  }
}
