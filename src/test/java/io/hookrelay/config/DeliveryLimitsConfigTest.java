package io.hookrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keys that bound delivery and URL checks: DNS servers and timeout, the connection cap. */
class DeliveryLimitsConfigTest {

  private static HookrelayConfig env(Map<String, String> env) {
    return ConfigLoader.load(null, env);
  }

  @Test
  @DisplayName(
      "By default the system's DNS servers answer within 2 s and the process opens 2000 delivery connections at most")
  void defaults() {
    HookrelayConfig c = env(Map.of());

    assertThat(c.delivery().maxConnections()).isEqualTo(2000);
    assertThat(c.ssrf().dnsServers()).isEmpty();
    assertThat(c.ssrf().dnsTimeoutMs()).isEqualTo(2000);
  }

  @Test
  @DisplayName("DNS servers come from env as a comma-separated list, with or without a port")
  void dnsServersFromEnv() {
    HookrelayConfig c =
        env(
            Map.of(
                "HOOKRELAY_SECURITY_SSRF_DNS_SERVERS", "10.0.0.2, 127.0.0.1:5353,[::1]:53",
                "HOOKRELAY_SECURITY_SSRF_DNS_TIMEOUT_MS", "750"));

    assertThat(c.ssrf().dnsServers()).containsExactly("10.0.0.2", "127.0.0.1:5353", "[::1]:53");
    assertThat(c.ssrf().dnsTimeoutMs()).isEqualTo(750);
  }

  @ParameterizedTest(name = "{0}={1} names {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HOOKRELAY_SECURITY_SSRF_DNS_SERVERS | dns.example | security.ssrf.dnsServers",
        "HOOKRELAY_SECURITY_SSRF_DNS_SERVERS | 10.0.0.2:99999 | security.ssrf.dnsServers",
        "HOOKRELAY_SECURITY_SSRF_DNS_SERVERS | ::1 | security.ssrf.dnsServers",
        "HOOKRELAY_SECURITY_SSRF_DNS_TIMEOUT_MS | 0 | security.ssrf.dnsTimeoutMs",
        "HOOKRELAY_SECURITY_SSRF_DNS_TIMEOUT_MS | 60001 | security.ssrf.dnsTimeoutMs",
        "HOOKRELAY_DELIVERY_MAX_CONNECTIONS | 0 | delivery.maxConnections",
        "HOOKRELAY_DELIVERY_MAX_CONNECTIONS | lots | delivery.maxConnections"
      })
  @DisplayName("A bad DNS or connection setting stops the start with a message naming the key")
  void badValues(String name, String value, String key) {
    assertThatThrownBy(() -> env(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }
}
