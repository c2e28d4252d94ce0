package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.message;
import static io.hookrelay.api.ApiBodies.path;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF rules at the API, with private networks refused as in production. These URLs are only
 * validated, never called: every host is an IP literal or {@code localhost}, so no DNS query or
 * packet leaves the machine.
 */
class SsrfApiTest {

  /** A public address: accepted under the strict rules, and never called (no events are sent). */
  private static final String PUBLIC = "https://1.1.1.1/hook";

  private static TestServer strict;
  private static TestServer allowing;
  private static Api api;
  private static Api allowingApi;

  @BeforeAll
  static void start() {
    strict = TestServer.start(ssrf(false, new JsonArray()));
    allowing =
        TestServer.start(
            ssrf(
                false,
                new JsonArray()
                    .add("localhost")
                    .add("10.20.0.0/16")
                    .add("fd00:1::/32")
                    .add("192.168.7.7")));
    api = strict.newTenant("Strict").api();
    allowingApi = allowing.newTenant("Allowing").api();
  }

  @AfterAll
  static void stop() {
    api.close();
    allowingApi.close();
    strict.close();
    allowing.close();
  }

  private static JsonObject ssrf(boolean allowPrivate, JsonArray allowedHosts) {
    return new JsonObject()
        .put(
            "security",
            new JsonObject()
                .put(
                    "ssrf",
                    new JsonObject()
                        .put("allowPrivateNetworks", allowPrivate)
                        .put("allowedHosts", allowedHosts)));
  }

  private static Api.Response create(Api client, String url) {
    return client.post(PATH, valid().put("url", url));
  }

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1/hook               | loopback",
        "http://127.1.2.3:8080/hook          | loopback",
        "http://[::1]/hook                   | loopback",
        "http://10.0.0.1/hook                | private",
        "http://10.255.255.255/hook          | private",
        "http://172.16.0.1/hook              | private",
        "http://172.31.255.254/hook          | private",
        "http://192.168.1.1/hook             | private",
        "http://100.64.0.1/hook              | shared",
        "http://100.127.255.254/hook         | shared",
        "http://[fc00::1]/hook               | unique local",
        "http://[fd12:3456:789a::1]/hook     | unique local",
        "http://169.254.169.254/latest/meta-data/ | link-local",
        "http://169.254.0.1/hook             | link-local",
        "http://[fe80::1]/hook               | link-local",
        "http://224.0.0.1/hook               | multicast",
        "http://239.255.255.250/hook         | multicast",
        "http://[ff02::1]/hook               | multicast",
        "http://0.0.0.0/hook                 | unspecified",
        "http://[::]/hook                    | unspecified",
        "http://[::ffff:127.0.0.1]/hook      | loopback",
        "http://[::ffff:10.0.0.1]/hook       | private",
        "http://[::ffff:169.254.169.254]/hook | link-local",
        "http://[::ffff:7f00:1]/hook         | loopback",
        "http://2130706433/hook              | loopback",
        "http://192.0.0.8/hook               | IETF protocol assignments",
        "http://192.0.2.10/hook              | documentation",
        "http://198.51.100.7/hook            | documentation",
        "http://203.0.113.10/hook            | documentation",
        "http://198.18.0.1/hook              | benchmarking",
        "http://198.19.255.254/hook          | benchmarking",
        "http://240.0.0.1/hook               | reserved",
        "http://255.255.255.255/hook         | reserved",
        "http://[64:ff9b::7f00:1]/hook       | loopback IPv4 in a NAT64 address",
        "http://[64:ff9b::a9fe:a9fe]/latest  | link-local IPv4 in a NAT64 address",
        "http://[2002:a00:1::1]/hook         | private IPv4 in a 6to4 address",
        "http://[2002:c0a8:101::1]/hook      | private IPv4 in a 6to4 address",
        "http://[fec0::1]/hook               | site-local",
        "http://[::ffff:0:7f00:1]/hook       | loopback IPv4 in an IPv4-translated address",
        "http://[2001:db8::1]/hook           | documentation",
        "http://[2001:2::1]/hook             | IETF protocol assignments",
        "http://[100::1]/hook                | discard-only"
      })
  @DisplayName(
      "A URL whose host is an address in a refused range is a 400 naming url, with the reason")
  void refusedRanges(String url, String reason) {
    Api.Response response = create(api, url);

    invalid(response, "url");
    assertThat(message(response, "url"))
        .contains("is refused")
        .contains("is a non-public address")
        .contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://localhost/hook", "http://LOCALHOST:9000/hook"})
  @DisplayName(
      "A host name that resolves to a refused address is a 400 that does not say what it resolves to")
  void refusedNameIsNoOracle(String url) {
    Api.Response response = create(api, url);

    invalid(response, "url");
    assertThat(message(response, "url"))
        .isEqualTo("is refused: resolves to a non-public address")
        .doesNotContain("127.0.0.1")
        .doesNotContain("loopback");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ftp://203.0.113.10/x",
        "file:///etc/passwd",
        "gopher://203.0.113.10:70/_x",
        "javascript:alert(1)",
        "ws://203.0.113.10/socket",
        "data:text/plain,hi",
        "//203.0.113.10/no-scheme"
      })
  @DisplayName("A URL with a scheme other than http or https is a 400 naming url")
  void otherSchemes(String url) {
    Api.Response response = create(api, url);

    invalid(response, "url");
    assertThat(message(response, "url")).contains("http or https");
  }

  @Test
  @DisplayName("A URL carrying credentials is refused")
  void credentials() {
    Api.Response response = create(api, "http://user:pass@203.0.113.10/hook");

    invalid(response, "url");
    assertThat(message(response, "url")).contains("credentials");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://8.8.8.8/hook",
        "http://1.1.1.1:8080/x?y=1",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
        "http://198.20.0.1/",
        "http://192.0.3.1/",
        "http://[2606:4700:4700::1111]/hook",
        "http://[64:ff9b::808:808]/hook",
        "http://[2002:808:808::1]/hook"
      })
  @DisplayName("Public addresses are accepted under the strict rules")
  void publicAccepted(String url) {
    assertThat(ApiBodies.create(api, valid().put("url", url)).getString("url")).isEqualTo(url);
  }

  @Test
  @DisplayName("PATCH to a refused URL is a 400 naming url and leaves the webhook as it was")
  void patchChecksToo() {
    JsonObject made = ApiBodies.create(api, valid().put("url", PUBLIC));

    Api.Response response =
        api.patch(path(made), new JsonObject().put("url", "http://169.254.169.254/"));

    invalid(response, "url");
    assertThat(api.get(path(made)).json()).isEqualTo(made);
  }

  @Test
  @DisplayName("A refused URL is listed together with the other bad fields")
  void refusedWithOthers() {
    invalid(
        api.post(
            PATH, valid().put("url", "http://127.0.0.1/").put("name", "").put("enabled", "yes")),
        "url",
        "name",
        "enabled");
  }

  @Test
  @DisplayName("allowedHosts lets a host name through: localhost is accepted where it is listed")
  void allowedByName() {
    ApiBodies.create(allowingApi, valid().put("url", "http://localhost:8080/hook"));
    invalid(allowingApi.post(PATH, valid().put("url", "http://127.0.0.1:8080/hook")), "url");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://10.20.0.1/hook",
        "http://10.20.255.254/hook",
        "http://[::ffff:10.20.1.1]/hook",
        "http://[fd00:1::5]/hook",
        "http://192.168.7.7/hook"
      })
  @DisplayName("allowedHosts lets addresses inside a listed CIDR or single address through")
  void allowedByCidr(String url) {
    ApiBodies.create(allowingApi, valid().put("url", url));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://10.21.0.1/hook",
        "http://10.0.0.1/hook",
        "http://[fd00:2::5]/hook",
        "http://192.168.7.8/hook",
        "http://169.254.169.254/"
      })
  @DisplayName("Addresses just outside the allowed CIDRs are still refused")
  void outsideCidr(String url) {
    invalid(allowingApi.post(PATH, valid().put("url", url)), "url");
  }

  @Test
  @DisplayName(
      "With allowPrivateNetworks on (the test default), private and loopback URLs are accepted")
  void allowPrivateNetworks() {
    try (TestServer open = TestServer.start();
        Api client = open.newTenant("Open").api()) {
      ApiBodies.create(client, valid().put("url", "http://127.0.0.1:9/hook"));
      ApiBodies.create(client, valid().put("url", "http://10.0.0.1/hook"));
      ApiBodies.create(client, valid().put("url", "http://localhost/hook"));
    }
  }
}
