package io.hookrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.Addresses;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.produce.Producer;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in this JVM whose event bus uses TLS with client certificates (each node its own
 * self-signed certificate; the trust file lists the nodes and one producer), on 127.0.0.1.
 */
class ClusterTlsTest {

  /** A test consumer on node B only, to see that A and B reach each other over TLS. */
  private static final String ECHO = "test.tls.echo";

  private static TestCerts certs;
  private static Path trusted;
  private static TestCerts.Member producer;
  private static TestCerts.Member rogue;
  private static TestCluster cluster;
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void startNodes() {
    certs = new TestCerts();
    TestCerts.Member nodeA = certs.member("node-a");
    TestCerts.Member nodeB = certs.member("node-b");
    producer = certs.member("producer");
    rogue = certs.member("rogue");
    trusted = certs.trust("cluster", nodeA, nodeB, producer);
    cluster = new TestCluster(2);
    a = cluster.start(0, nodeA.config(trusted));
    b = cluster.start(1, nodeB.config(trusted));
    TestCluster.awaitJoined(a, b);
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
    if (certs != null) {
      certs.close();
    }
  }

  @Test
  @DisplayName(
      "Nodes with event-bus TLS exchange messages: A gets B's replies, a webhook made on A reaches"
          + " B's router, and a producer with a trusted certificate gets replies and deliveries")
  void trustedMembersExchangeEvents() {
    MessageConsumer<String> echo =
        b.server().vertx().eventBus().<String>consumer(ECHO, m -> m.reply("B got " + m.body()));
    try (Receiver receiver = Receiver.answering(200)) {
      echo.completion().await();
      Wait.until(
          "node A sees B's test consumer",
          Duration.ofSeconds(20),
          () ->
              a.server()
                  .vertx()
                  .eventBus()
                  .<String>request(ECHO, "hello", new DeliveryOptions().setSendTimeout(5_000))
                  .map(reply -> reply.body().equals("B got hello"))
                  .otherwise(false)
                  .await());

      String tenant = TestCluster.tenant(a.admin(), "Tls");
      int indexed = TestCluster.indexedWebhooks(b.admin());
      TestCluster.webhook(a.admin(), tenant, receiver, "ReportPublished");
      Wait.until(
          "node B's router heard of the webhook made on A",
          Duration.ofSeconds(20),
          () -> TestCluster.indexedWebhooks(b.admin()) == indexed + 1);

      Producer sender = Producer.join(member(producer.tls(trusted))).await();
      try {
        for (int i = 0; i < 4; i++) {
          JsonObject reply = sender.send(tenant, event("ctls" + i)).await();
          assertThat(reply.getInteger("deliveries")).isEqualTo(1);
        }
      } finally {
        sender.close().await();
      }
      Wait.until("the receiver got the four events", () -> receiver.count() == 4);
    } finally {
      echo.unregister().await();
    }
  }

  @Test
  @DisplayName(
      "A member without TLS, or with a certificate the nodes do not trust, joins Hazelcast but"
          + " cannot deliver an event on the bus")
  void untrustedMembersCannotSend() {
    try (Receiver receiver = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Rogue");
      int indexed = TestCluster.indexedWebhooks(a.admin());
      TestCluster.webhook(a.admin(), tenant, receiver, "ReportPublished");
      Wait.until(
          "both routers hold the webhook",
          Duration.ofSeconds(20),
          () ->
              TestCluster.indexedWebhooks(a.admin()) == indexed + 1
                  && TestCluster.indexedWebhooks(b.admin()) == indexed + 1);

      // The rogue trusts the nodes' certificates: only the nodes' check of its own stops it.
      for (HookrelayConfig.Tls tls : List.of(HookrelayConfig.Tls.NONE, rogue.tls(trusted))) {
        Producer intruder = Producer.join(member(tls)).await();
        try {
          Wait.until(
              "Hazelcast let it in (its membership has no authentication)",
              Duration.ofSeconds(10),
              () -> TestCluster.clusterMembers(a.admin()) == 3);
          JsonObject message = event("crogue").put("tenantCuid", tenant);
          assertThatThrownBy(
                  () ->
                      intruder
                          .vertx()
                          .eventBus()
                          .request(
                              Addresses.EVENTS,
                              message,
                              new DeliveryOptions().setSendTimeout(4_000))
                          .await())
              .as(tls.enabled() ? "untrusted certificate" : "no TLS")
              .isInstanceOf(Exception.class);
        } finally {
          intruder.close().await();
        }
        Wait.until(
            "it left", Duration.ofSeconds(10), () -> TestCluster.clusterMembers(a.admin()) == 2);
      }

      Producer sender = Producer.join(member(producer.tls(trusted))).await();
      try {
        sender.send(tenant, event("ctrusted")).await();
      } finally {
        sender.close().await();
      }
      Wait.until(
          "the trusted producer's event arrived", () -> targetCuids(receiver).contains("ctrusted"));
      assertThat(targetCuids(receiver)).as("what the receiver got").containsExactly("ctrusted");
      assertThat(
              cluster.db.queryLong(
                  "SELECT count(*) FROM events WHERE tenant_cuid = '" + tenant + "'"))
          .as("events stored for the tenant: the trusted producer's only")
          .isEqualTo(1);
    }
  }

  /** A lite member of the test cluster on 127.0.0.1 with this event-bus TLS. */
  private static HookrelayConfig.Cluster member(HookrelayConfig.Tls tls) {
    HookrelayConfig.Cluster c = cluster.producer();
    return new HookrelayConfig.Cluster(true, c.members(), c.host(), 0, c.name(), tls, false);
  }

  private static List<String> targetCuids(Receiver receiver) {
    return receiver.received().stream()
        .map(r -> r.body().toJsonObject().getString("targetCuid"))
        .toList();
  }

  private static JsonObject event(String targetCuid) {
    return new JsonObject().put("event", "ReportPublished").put("targetCuid", targetCuid);
  }
}
