package io.hookrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-tenant quotas and the memory store's bounds in the configuration. */
class LimitsConfigTest {

  @Test
  @DisplayName("Without a file or env the quotas and bounds of docs/API.md apply")
  void defaults() {
    HookrelayConfig c = ConfigLoader.load(null, Map.of());

    assertThat(c.limits()).isEqualTo(new HookrelayConfig.Limits(1000, 100_000));
    assertThat(c.store().maxFailedDeliveries()).isEqualTo(10_000);
    assertThat(c.store().maxIdempotencyKeys()).isEqualTo(100_000);
  }

  @Test
  @DisplayName("Each key can be set from the environment")
  void fromEnv() {
    HookrelayConfig c =
        ConfigLoader.load(
            null,
            Map.of(
                "HOOKRELAY_LIMITS_MAX_WEBHOOKS_PER_TENANT", "5",
                "HOOKRELAY_LIMITS_MAX_PENDING_DELIVERIES_PER_TENANT", "50",
                "HOOKRELAY_STORE_MEMORY_MAX_FAILED_DELIVERIES", "7",
                "HOOKRELAY_STORE_MEMORY_MAX_IDEMPOTENCY_KEYS", "9"));

    assertThat(c.limits()).isEqualTo(new HookrelayConfig.Limits(5, 50));
    assertThat(c.store().maxFailedDeliveries()).isEqualTo(7);
    assertThat(c.store().maxIdempotencyKeys()).isEqualTo(9);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "HOOKRELAY_LIMITS_MAX_WEBHOOKS_PER_TENANT, 0, limits.maxWebhooksPerTenant",
    "HOOKRELAY_LIMITS_MAX_PENDING_DELIVERIES_PER_TENANT, -1, limits.maxPendingDeliveriesPerTenant",
    "HOOKRELAY_STORE_MEMORY_MAX_FAILED_DELIVERIES, 0, store.memory.maxFailedDeliveries",
    "HOOKRELAY_STORE_MEMORY_MAX_IDEMPOTENCY_KEYS, many, store.memory.maxIdempotencyKeys"
  })
  @DisplayName("A bad value stops the start with a message naming the key")
  void badValues(String variable, String value, String key) {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }
}
