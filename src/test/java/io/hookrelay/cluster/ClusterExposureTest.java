package io.hookrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.hookrelay.config.ConfigException;
import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.produce.Producer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A clustered node beyond loopback needs event-bus TLS or an explicit {@code cluster.insecure}.
 * Everything here is refused while the configuration is read, or before Vert.x and Hazelcast start:
 * nothing binds, and nothing is sent, to any address but 127.0.0.1.
 */
class ClusterExposureTest {

  private static final List<String> KEYS =
      List.of(
          "cluster.tls.keyPath", "cluster.tls.certPath", "cluster.tls.caPath", "cluster.insecure");

  /** Were the refusal missing, the node would find no database here either. */
  private static final String NO_DATABASE = "postgresql://postgres@127.0.0.1:1/none";

  private static TestCerts certs;
  private static TestCerts.Member node;

  @BeforeAll
  static void makeCertificate() {
    certs = new TestCerts();
    node = certs.member("node");
  }

  @AfterAll
  static void deleteCertificate() {
    certs.close();
  }

  private static Map<String, String> clustered(String host) {
    Map<String, String> env = new HashMap<>();
    env.put("HOOKRELAY_STORE_TYPE", "postgres");
    env.put("HOOKRELAY_CLUSTER_ENABLED", "true");
    env.put("HOOKRELAY_CLUSTER_HOST", host);
    return env;
  }

  private static Map<String, String> withTls(Map<String, String> env) {
    env.put("HOOKRELAY_CLUSTER_TLS_KEY_PATH", node.key().toString());
    env.put("HOOKRELAY_CLUSTER_TLS_CERT_PATH", node.cert().toString());
    env.put("HOOKRELAY_CLUSTER_TLS_CA_PATH", node.cert().toString());
    return env;
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.10", "0.0.0.0", "::", "2001:db8::5", "node1.example.internal"})
  @DisplayName(
      "A clustered node on a host beyond loopback without TLS is refused, naming the keys to set")
  void refusedBeyondLoopback(String host) {
    assertThatThrownBy(() -> ConfigLoader.load(null, clustered(host)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config cluster.host: '" + host + "' is not a loopback address")
        .hasMessageContainingAll(KEYS.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.1.1", "::1", "localhost"})
  @DisplayName("Loopback hosts need no TLS")
  void loopbackNeedsNoTls(String host) {
    HookrelayConfig.Cluster cluster = ConfigLoader.load(null, clustered(host)).cluster();
    assertThat(cluster.host()).isEqualTo(host);
    assertThat(cluster.tls().enabled()).isFalse();
  }

  @Test
  @DisplayName(
      "Beyond loopback, a node starts with the three TLS files, or without them when"
          + " cluster.insecure is true; an unclustered node is not concerned")
  void allowedBeyondLoopback() {
    HookrelayConfig.Cluster tls =
        ConfigLoader.load(null, withTls(clustered("192.0.2.10"))).cluster();
    assertThat(tls.tls())
        .isEqualTo(
            new HookrelayConfig.Tls(
                node.key().toString(), node.cert().toString(), node.cert().toString()));

    Map<String, String> insecure = clustered("192.0.2.10");
    insecure.put("HOOKRELAY_CLUSTER_INSECURE", "true");
    assertThat(ConfigLoader.load(null, insecure).cluster().insecure()).isTrue();

    Map<String, String> single = clustered("192.0.2.10");
    single.put("HOOKRELAY_CLUSTER_ENABLED", "false");
    assertThat(ConfigLoader.load(null, single).cluster().enabled()).isFalse();
  }

  @Test
  @DisplayName(
      "The TLS files go together, must be readable and hold a PEM key or certificates; the error"
          + " names the key")
  void tlsFilesChecked() {
    Map<String, String> partial = withTls(clustered("127.0.0.1"));
    partial.remove("HOOKRELAY_CLUSTER_TLS_CA_PATH");
    assertThatThrownBy(() -> ConfigLoader.load(null, partial))
        .hasMessageStartingWith("config cluster.tls.caPath: must be set too");

    Map<String, String> missing = withTls(clustered("127.0.0.1"));
    missing.put("HOOKRELAY_CLUSTER_TLS_KEY_PATH", certs.dir.resolve("nope.pem").toString());
    assertThatThrownBy(() -> ConfigLoader.load(null, missing))
        .hasMessageStartingWith("config cluster.tls.keyPath: cannot read the file")
        .hasMessageContaining("nope.pem");

    Map<String, String> swapped = withTls(clustered("127.0.0.1"));
    swapped.put("HOOKRELAY_CLUSTER_TLS_KEY_PATH", node.cert().toString());
    assertThatThrownBy(() -> ConfigLoader.load(null, swapped))
        .hasMessage(
            "config cluster.tls.keyPath: "
                + node.cert()
                + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");

    Map<String, String> notCertificates = withTls(clustered("127.0.0.1"));
    notCertificates.put("HOOKRELAY_CLUSTER_TLS_CA_PATH", node.key().toString());
    assertThatThrownBy(() -> ConfigLoader.load(null, notCertificates))
        .hasMessageStartingWith(
            "config cluster.tls.caPath: " + node.key() + " holds no PEM certificate");
  }

  @Test
  @DisplayName(
      "A producer joining from beyond loopback without TLS fails before any Hazelcast member starts")
  void producerRefusedBeforeBinding() {
    HookrelayConfig.Cluster cluster =
        new HookrelayConfig.Cluster(
            true, List.of("127.0.0.1:" + TestCluster.freePort()), "192.0.2.10", 0, "refused");
    Set<HazelcastInstance> before = Set.copyOf(Hazelcast.getAllHazelcastInstances());
    assertThatThrownBy(() -> Producer.join(cluster).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'192.0.2.10' is not a loopback address");
    assertThat(Hazelcast.getAllHazelcastInstances())
        .as("Hazelcast members in this JVM")
        .containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  @DisplayName(
      "hookrelay --cluster with a non-loopback host and no TLS exits 2 with one line naming the"
          + " keys, before Hazelcast starts")
  void nodeRefusesToStart() {
    JsonObject overrides =
        new JsonObject()
            .put(
                "store",
                new JsonObject()
                    .put("type", "postgres")
                    .put("postgres", new JsonObject().put("url", NO_DATABASE)))
            .put(
                "cluster",
                new JsonObject()
                    .put("members", new JsonArray().add("127.0.0.1:" + TestCluster.freePort()))
                    .put("host", "192.0.2.10"));
    try (NodeProcess refused = NodeProcess.start("refused-exposed", overrides)) {
      int exit = refused.waitForExit(Duration.ofSeconds(60));
      assertThat(exit).isEqualTo(2);
      assertThat(refused.output())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("hookrelay: config cluster.host: '192.0.2.10' is not a loopback")
                      .contains(KEYS));
      assertThat(refused.output()).noneMatch(line -> line.toLowerCase().contains("hazelcast"));
    }
  }
}
