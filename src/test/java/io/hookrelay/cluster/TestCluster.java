package io.hookrelay.cluster;

import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A test cluster: one fresh database, a cluster name of its own (so parallel builds on the machine
 * never join each other), and a Hazelcast port on 127.0.0.1 per node, every node listing all of
 * them as members. While it is open, Hazelcast joins at once in this JVM; {@link #close()} stops
 * the nodes it started, drops the database and puts the join wait back.
 */
final class TestCluster implements AutoCloseable {

  /**
   * Hazelcast's defaults wait 5 s before a join and make every joiner wait as long on the master.
   */
  static final String FAST_JOIN_PROPERTY = "hazelcast.wait.seconds.before.join";

  /** How long nodes in this JVM may take to see each other. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  final PgTestDatabase db;
  final String name = "hookrelay-test-" + UUID.randomUUID().toString().substring(0, 8);
  final List<Integer> ports;
  private final String previousJoinWait;
  private final List<TestServer> started = new ArrayList<>();

  TestCluster(int nodes) {
    this.db = PgTestDatabase.create();
    this.ports = IntStream.range(0, nodes).mapToObj(i -> freePort()).toList();
    this.previousJoinWait = System.setProperty(FAST_JOIN_PROPERTY, "0");
  }

  /** Starts node {@code n} in this JVM with {@code overrides} on top of {@link #node(int)}. */
  TestServer start(int n, JsonObject overrides) {
    TestServer server = TestServer.start(ConfigLoader.merge(node(n), overrides));
    started.add(server);
    return server;
  }

  /** Waits until each of {@code nodes} sees all of them as cluster members. */
  static void awaitJoined(TestServer... nodes) {
    Wait.until(
        "the " + nodes.length + " nodes see each other",
        JOIN_TIMEOUT,
        () -> List.of(nodes).stream().allMatch(n -> clusterMembers(n.admin()) == nodes.length));
  }

  /** Stops the nodes {@link #start} started, in order, then drops the database. */
  @Override
  public void close() {
    for (TestServer server : started) {
      try {
        server.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    try {
      db.close();
    } finally {
      if (previousJoinWait == null) {
        System.clearProperty(FAST_JOIN_PROPERTY);
      } else {
        System.setProperty(FAST_JOIN_PROPERTY, previousJoinWait);
      }
    }
  }

  List<String> members() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  /** Config overrides for node {@code n} (0-based) on top of the test defaults. */
  JsonObject node(int n) {
    return new JsonObject()
        .put("store", db.storeConfig())
        .put(
            "cluster",
            new JsonObject()
                .put("enabled", true)
                .put("members", new JsonArray(members()))
                .put("host", "127.0.0.1")
                .put("port", ports.get(n))
                .put("name", name));
  }

  /** What a producer joining this cluster uses (any free port of its own). */
  HookrelayConfig.Cluster producer() {
    return new HookrelayConfig.Cluster(true, members(), "127.0.0.1", 0, name);
  }

  /** Creates a webhook for {@code events} pointing at the receiver; returns its cuid. */
  static String webhook(Api api, String tenantCuid, Receiver receiver, String... events) {
    return api.post(
            "/api/internal/webhooks?tenantCuid=" + tenantCuid,
            new JsonObject()
                .put("name", "hook")
                .put("url", receiver.url("/hook"))
                .put("sslVerification", true)
                .put("events", new JsonArray(List.of(events)))
                .put("enabled", true)
                .put("secret", "s3cret"))
        .expect(201)
        .json()
        .getString("cuid");
  }

  /** Creates a tenant with webhooks enabled; returns its cuid. */
  static String tenant(Api admin, String name) {
    return admin
        .post(
            "/api/internal/tenants",
            new JsonObject().put("name", name).put("webhooksEnabled", true))
        .expect(201)
        .json()
        .getString("cuid");
  }

  /** Distinct deliveries a receiver got (by {@code webhook-id}, the delivery cuid). */
  static Set<String> deliveryIds(Receiver receiver) {
    return receiver.received().stream()
        .map(r -> r.header("webhook-id"))
        .collect(Collectors.toSet());
  }

  /** The webhooks in a node's subscription index, from its {@code /health}. */
  static int indexedWebhooks(Api admin) {
    return admin
        .get("/health")
        .json()
        .getJsonObject("checks")
        .getJsonObject("router")
        .getInteger("webhooks", -1);
  }

  /** The cluster members a node sees, from its {@code /health}. */
  static int clusterMembers(Api admin) {
    return admin
        .get("/health")
        .json()
        .getJsonObject("checks")
        .getJsonObject("cluster")
        .getJsonArray("members")
        .size();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
