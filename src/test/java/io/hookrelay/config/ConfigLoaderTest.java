package io.hookrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three configuration layers — defaults < --conf file < HOOKRELAY_* env — and bad values. */
class ConfigLoaderTest {

  @TempDir Path dir;

  private Path file(String json) throws IOException {
    Path file = Files.createTempFile(dir, "conf", ".json");
    Files.writeString(file, json);
    return file;
  }

  private static HookrelayConfig env(Map<String, String> env) {
    return ConfigLoader.load(null, env);
  }

  @Test
  @DisplayName("Without a file or env the defaults of API.md apply")
  void defaults() {
    HookrelayConfig c = env(Map.of());

    assertThat(c.http()).isEqualTo(new HookrelayConfig.Http("0.0.0.0", 8080, 30, 10_000));
    assertThat(c.adminToken()).isNull();
    assertThat(c.store().type()).isEqualTo("memory");
    assertThat(c.store().postgres().url())
        .isEqualTo("postgresql://postgres@127.0.0.1:5432/postgres");
    assertThat(c.delivery().timeoutMs()).isEqualTo(5000);
    assertThat(c.delivery().maxRetries()).isEqualTo(5);
    assertThat(c.delivery().initialBackoffMs()).isEqualTo(1000);
    assertThat(c.delivery().backoffMultiplier()).isEqualTo(4.0);
    assertThat(c.delivery().maxBackoffMs()).isEqualTo(3_600_000);
    assertThat(c.delivery().jitter()).isEqualTo(0.2);
    assertThat(c.delivery().maxConnectionsPerHost()).isEqualTo(50);
    assertThat(c.delivery().disableAfterFailures()).isEqualTo(100);
    assertThat(c.ssrf()).isEqualTo(new HookrelayConfig.Ssrf(false, List.of(), List.of(), 2000));
    assertThat(c.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(c.extraEvents()).isEmpty();
    assertThat(c.cluster().enabled()).isFalse();
    assertThat(c.cluster().members()).isEmpty();
  }

  @Test
  @DisplayName("A --conf file overrides the defaults key by key and keeps the rest")
  void fileOverDefaults() throws IOException {
    Path conf = file("{\"http\": {\"port\": 9090}, \"delivery\": {\"maxRetries\": 2}}");

    HookrelayConfig c = ConfigLoader.load(conf.toString(), Map.of());

    assertThat(c.http()).isEqualTo(new HookrelayConfig.Http("0.0.0.0", 9090, 30, 10_000));
    assertThat(c.delivery().maxRetries()).isEqualTo(2);
    assertThat(c.delivery().timeoutMs()).isEqualTo(5000);
  }

  @Test
  @DisplayName("An environment variable overrides both the file and the defaults")
  void envOverFile() throws IOException {
    Path conf = file("{\"http\": {\"port\": 9090, \"host\": \"127.0.0.1\"}}");

    HookrelayConfig c = ConfigLoader.load(conf.toString(), Map.of("HOOKRELAY_HTTP_PORT", "7070"));

    assertThat(c.http()).isEqualTo(new HookrelayConfig.Http("127.0.0.1", 7070, 30, 10_000));
  }

  @Test
  @DisplayName("HOOKRELAY_CONF names the file when --conf is not given; --conf wins when both are")
  void confFromEnv() throws IOException {
    Path fromEnv = file("{\"http\": {\"port\": 1111}}");
    Path fromArg = file("{\"http\": {\"port\": 2222}}");

    assertThat(ConfigLoader.load(null, Map.of("HOOKRELAY_CONF", fromEnv.toString())).http().port())
        .isEqualTo(1111);
    assertThat(
            ConfigLoader.load(fromArg.toString(), Map.of("HOOKRELAY_CONF", fromEnv.toString()))
                .http()
                .port())
        .isEqualTo(2222);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "delivery.initialBackoffMs, HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS",
    "http.port, HOOKRELAY_HTTP_PORT",
    "auth.adminToken, HOOKRELAY_AUTH_ADMIN_TOKEN",
    "security.ssrf.allowPrivateNetworks, HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS",
    "delivery.maxInFlightPerHost, HOOKRELAY_DELIVERY_MAX_IN_FLIGHT_PER_HOST",
    "store.postgres.url, HOOKRELAY_STORE_POSTGRES_URL",
    "limits.maxBodyBytes, HOOKRELAY_LIMITS_MAX_BODY_BYTES"
  })
  @DisplayName("A key path maps to HOOKRELAY_ + upper snake case")
  void envName(String key, String name) {
    assertThat(ConfigLoader.envName(key)).isEqualTo(name);
  }

  @Test
  @DisplayName(
      "Env names do not depend on the JVM's default locale: a Turkish one still reads HOOKRELAY_AUTH_ADMIN_TOKEN")
  void envUnderTurkishLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      HookrelayConfig c =
          env(
              Map.of(
                  "HOOKRELAY_AUTH_ADMIN_TOKEN", "from-env-admin-token-of-32-chars",
                  "HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS", "250"));

      assertThat(c.adminToken()).isEqualTo("from-env-admin-token-of-32-chars");
      assertThat(c.delivery().initialBackoffMs()).isEqualTo(250);
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  @DisplayName(
      "Every kind of value can come from the environment: string, number, fraction, boolean, list")
  void envKinds() {
    HookrelayConfig c =
        env(
            Map.of(
                "HOOKRELAY_AUTH_ADMIN_TOKEN", "from-env-0123456789abcdefghij",
                "HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS", "250",
                "HOOKRELAY_DELIVERY_JITTER", "0.5",
                "HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS", "true",
                "HOOKRELAY_SECURITY_SSRF_ALLOWED_HOSTS", "internal.example, 10.0.0.0/8 ,,fd00::/8",
                "HOOKRELAY_STORE_POSTGRES_URL", "postgresql://u@db:5432/hr"));

    assertThat(c.adminToken()).isEqualTo("from-env-0123456789abcdefghij");
    assertThat(c.delivery().initialBackoffMs()).isEqualTo(250);
    assertThat(c.delivery().jitter()).isEqualTo(0.5);
    assertThat(c.ssrf().allowPrivateNetworks()).isTrue();
    assertThat(c.ssrf().allowedHosts())
        .containsExactly("internal.example", "10.0.0.0/8", "fd00::/8");
    assertThat(c.store().postgres().url()).isEqualTo("postgresql://u@db:5432/hr");
  }

  @Test
  @DisplayName(
      "A fractional env value for a key whose default is a whole number (backoffMultiplier 4) is read as a fraction")
  void fractionForWholeDefault() {
    assertThat(
            env(Map.of("HOOKRELAY_DELIVERY_BACKOFF_MULTIPLIER", "2.5"))
                .delivery()
                .backoffMultiplier())
        .isEqualTo(2.5);
  }

  @Test
  @DisplayName("Extra catalog events can be named in the environment, comma-separated")
  void catalogFromEnv() {
    HookrelayConfig c = env(Map.of("HOOKRELAY_EVENTS_CATALOG", "ScanCompleted, AssetCreated"));

    assertThat(c.extraEvents())
        .extracting(HookrelayConfig.CatalogEntry::event)
        .containsExactly("ScanCompleted", "AssetCreated");
  }

  @Test
  @DisplayName("Extra catalog events come from the file with their target type and description")
  void catalogFromFile() throws IOException {
    Path conf =
        file(
            "{\"events\": {\"catalog\": [{\"event\": \"ScanCompleted\", \"targetType\": \"scan\", "
                + "\"description\": \"a scan finishes\"}]}}");

    assertThat(ConfigLoader.load(conf.toString(), Map.of()).extraEvents())
        .containsExactly(
            new HookrelayConfig.CatalogEntry("ScanCompleted", "scan", "a scan finishes"));
  }

  @Test
  @DisplayName("HOOKRELAY_HTTP_PORT=abc stops with a ConfigException naming http.port")
  void portNotANumber() {
    assertThatThrownBy(() -> env(Map.of("HOOKRELAY_HTTP_PORT", "abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("abc");
  }

  @ParameterizedTest(name = "{0}={1} names {2}")
  @CsvSource({
    "HOOKRELAY_HTTP_PORT, 70000, http.port",
    "HOOKRELAY_HTTP_PORT, -1, http.port",
    "HOOKRELAY_HTTP_PORT, 80.5, http.port",
    "HOOKRELAY_STORE_TYPE, mongo, store.type",
    "HOOKRELAY_DELIVERY_TIMEOUT_MS, 0, delivery.timeoutMs",
    "HOOKRELAY_DELIVERY_JITTER, 2, delivery.jitter",
    "HOOKRELAY_DELIVERY_JITTER, NaN, delivery.jitter",
    "HOOKRELAY_DELIVERY_MAX_RETRIES, many, delivery.maxRetries",
    "HOOKRELAY_SECURITY_SSRF_ALLOW_PRIVATE_NETWORKS, yes, security.ssrf.allowPrivateNetworks",
    "HOOKRELAY_LIMITS_MAX_BODY_BYTES, 10, limits.maxBodyBytes",
    "HOOKRELAY_HTTP_IDLE_TIMEOUT_SECONDS, 0, http.idleTimeoutSeconds",
    "HOOKRELAY_HTTP_IDLE_TIMEOUT_SECONDS, soon, http.idleTimeoutSeconds",
    "HOOKRELAY_HTTP_REQUEST_TIMEOUT_MS, 10, http.requestTimeoutMs",
    "HOOKRELAY_AUTH_ADMIN_TOKEN, short-token, auth.adminToken",
    "HOOKRELAY_CLUSTER_ENABLED, true, cluster.enabled"
  })
  @DisplayName("A bad env value stops with a ConfigException that names the key")
  void badEnvValues(String name, String value, String key) {
    assertThatThrownBy(() -> env(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  @DisplayName("An unknown store type in the file names store.type")
  void badStoreTypeInFile() throws IOException {
    Path conf = file("{\"store\": {\"type\": \"mongo\"}}");

    assertThatThrownBy(() -> ConfigLoader.load(conf.toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.type")
        .hasMessageContaining("mongo");
  }

  @Test
  @DisplayName(
      "Wrong types in the file name their key: a port as a string, a flag as a number, hosts as a string")
  void wrongTypesInFile() throws IOException {
    assertThatThrownBy(
            () -> ConfigLoader.load(file("{\"http\": {\"port\": \"8080\"}}").toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
    assertThatThrownBy(
            () -> ConfigLoader.load(file("{\"cluster\": {\"enabled\": 1}}").toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.enabled");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    file("{\"security\": {\"ssrf\": {\"allowedHosts\": \"10.0.0.0/8\"}}}")
                        .toString(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.ssrf.allowedHosts");
  }

  @Test
  @DisplayName(
      "A --conf file that is missing or not a JSON object stops with a message naming --conf")
  void badFile() throws IOException {
    Path missing = dir.resolve("nope.json");
    Path notJson = file("{ this is not json");
    Path array = file("[1, 2]");

    for (Path p : List.of(missing, notJson, array)) {
      assertThatThrownBy(() -> ConfigLoader.load(p.toString(), Map.of()))
          .as(p.toString())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("--conf");
    }
  }

  @Test
  @DisplayName("merge() is deep: nested objects merge key by key, other values replace")
  void merge() {
    JsonObject base = new JsonObject("{\"a\": {\"x\": 1, \"y\": 2}, \"l\": [1], \"s\": \"v\"}");
    JsonObject top = new JsonObject("{\"a\": {\"y\": 3}, \"l\": [2, 3]}");

    assertThat(ConfigLoader.merge(base, top))
        .isEqualTo(new JsonObject("{\"a\": {\"x\": 1, \"y\": 3}, \"l\": [2, 3], \"s\": \"v\"}"));
    assertThat(base.getJsonObject("a").getInteger("y")).isEqualTo(2);
  }
}
