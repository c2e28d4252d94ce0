package io.hookrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookrelay.produce.ProduceCommand;
import io.hookrelay.produce.Producer;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes in this JVM, each with its own Hazelcast port on 127.0.0.1, on one fresh
 * database; producers join as a third, lite member.
 */
class ClusterTest {

  private static TestCluster cluster;
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void startNodes() {
    cluster = new TestCluster(2);
    a = cluster.start(0, new JsonObject());
    b = cluster.start(1, new JsonObject());
    TestCluster.awaitJoined(a, b);
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName(
      "An event sent to node A is delivered exactly once per matching webhook, by whichever node claims it")
  void eventDeliveredOncePerWebhook() {
    try (Receiver one = Receiver.answering(200);
        Receiver two = Receiver.answering(200);
        Receiver other = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Once");
      int indexed = TestCluster.indexedWebhooks(a.admin());
      TestCluster.webhook(a.admin(), tenant, one, "ReportPublished");
      TestCluster.webhook(b.admin(), tenant, two, "ReportPublished", "FindingPublished");
      TestCluster.webhook(a.admin(), tenant, other, "FindingPublished");
      awaitIndexed(indexed + 3);

      int events = 40;
      for (int i = 0; i < events; i++) {
        JsonObject receipt =
            a.admin()
                .post(
                    "/api/internal/events?tenantCuid=" + tenant,
                    new JsonObject()
                        .put("event", "ReportPublished")
                        .put("targetCuid", "ctarget" + i))
                .expect(202)
                .json();
        assertThat(receipt.getInteger("deliveries")).isEqualTo(2);
      }

      Wait.until(
          "every delivery succeeded",
          Duration.ofSeconds(20),
          () ->
              cluster.db.queryLong(
                      "SELECT count(*) FROM deliveries WHERE status = 'succeeded' AND tenant_cuid = '"
                          + tenant
                          + "'")
                  == 2L * events);
      assertThat(one.count()).isEqualTo(events);
      assertThat(two.count()).isEqualTo(events);
      assertThat(TestCluster.deliveryIds(one)).hasSize(events);
      assertThat(TestCluster.deliveryIds(two)).hasSize(events);
      assertThat(other.count()).isZero();
      assertThat(
              cluster.db.queryLong(
                  "SELECT count(*) FROM attempts WHERE tenant_cuid = '" + tenant + "'"))
          .as("one attempt per delivery")
          .isEqualTo(2L * events);
    }
  }

  @Test
  @DisplayName(
      "A webhook created on node A is honoured by node B's router within a second, and a deletion on B by A's")
  void webhookChangesReachEveryNode() {
    try (Receiver receiver = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Fresh");
      int indexedOnB = TestCluster.indexedWebhooks(b.admin());
      JsonObject event =
          new JsonObject().put("event", "ReportPublished").put("targetCuid", "cfresh");

      String webhook = TestCluster.webhook(a.admin(), tenant, receiver, "ReportPublished");
      long created = System.nanoTime();
      Wait.until(
          "node B's index holds the new webhook",
          Duration.ofSeconds(1),
          () -> TestCluster.indexedWebhooks(b.admin()) == indexedOnB + 1);
      JsonObject receipt =
          b.admin().post("/api/internal/events?tenantCuid=" + tenant, event).expect(202).json();
      long elapsedMs = (System.nanoTime() - created) / 1_000_000;
      assertThat(receipt.getInteger("deliveries")).isEqualTo(1);
      assertThat(elapsedMs).as("ms from creation on A to a routed event on B").isLessThan(1_000);
      Wait.until("the receiver got the event", () -> receiver.count() == 1);

      b.admin().delete("/api/internal/webhooks/" + webhook + "?tenantCuid=" + tenant).expect(204);
      Wait.until(
          "node A's index lost the webhook",
          Duration.ofSeconds(1),
          () -> TestCluster.indexedWebhooks(a.admin()) == indexedOnB);
      assertThat(
              a.admin()
                  .post("/api/internal/events?tenantCuid=" + tenant, event)
                  .expect(202)
                  .json()
                  .getInteger("deliveries"))
          .isZero();
    }
  }

  @Test
  @DisplayName(
      "Events sent on the event bus by a lite member are stored and delivered; refusals carry 400 or 404")
  void producerEventsAreDelivered() {
    try (Receiver receiver = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Bus");
      int indexed = TestCluster.indexedWebhooks(a.admin());
      TestCluster.webhook(b.admin(), tenant, receiver, "ReportPublished");
      awaitIndexed(indexed + 1);
      JsonObject event = new JsonObject().put("event", "ReportPublished").put("targetCuid", "cbus");

      Producer producer = Producer.join(cluster.producer()).await();
      try {
        Wait.until(
            "the nodes see the producer",
            Duration.ofSeconds(5),
            () -> TestCluster.clusterMembers(a.admin()) == 3);
        List<String> eventCuids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          JsonObject reply = producer.send(tenant, event).await();
          assertThat(reply.getInteger("deliveries")).isEqualTo(1);
          eventCuids.add(reply.getString("eventCuid"));
        }
        assertThat(eventCuids).doesNotHaveDuplicates();
        Wait.until("the receiver got the ten events", () -> receiver.count() == 10);
        assertThat(receiver.received())
            .allSatisfy(
                r -> assertThat(r.body().toJsonObject().getString("targetCuid")).isEqualTo("cbus"));

        assertThatThrownBy(() -> producer.send("cnosuchtenant", event).await())
            .isInstanceOfSatisfying(
                ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(404));
        assertThatThrownBy(
                () -> producer.send(tenant, new JsonObject().put("event", "NoSuchEvent")).await())
            .isInstanceOfSatisfying(
                ReplyException.class,
                e -> {
                  assertThat(e.failureCode()).isEqualTo(400);
                  assertThat(e.getMessage()).contains("event").contains("targetCuid");
                });
      } finally {
        producer.close().await();
      }
      Wait.until(
          "the producer left the cluster",
          Duration.ofSeconds(5),
          () -> TestCluster.clusterMembers(a.admin()) == 2);
    }
  }

  @Test
  @DisplayName(
      "hookrelay produce --count sends paced events and prints a summary; an unknown tenant exits 1")
  void produceCommand() {
    try (Receiver receiver = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Cli");
      int indexed = TestCluster.indexedWebhooks(a.admin());
      TestCluster.webhook(a.admin(), tenant, receiver, "ReportPublished");
      awaitIndexed(indexed + 1);
      List<String> common =
          List.of(
              "--members",
              String.join(",", cluster.members()),
              "--cluster-name",
              cluster.name,
              "--event",
              "ReportPublished",
              "--target-cuid",
              "ccli",
              "--timeout",
              "30");

      Run many = produce(common, "--tenant", tenant, "--count", "30", "--rate", "100");
      assertThat(many.code()).as(many.err()).isZero();
      assertThat(many.out()).contains("sent=30 accepted=30 failed=0 deliveries=30");
      assertThat(many.seconds())
          .as("30 events at 100/s take about 0.3 s")
          .isGreaterThanOrEqualTo(0.25);
      Wait.until("the receiver got the 30 events", () -> receiver.count() == 30);

      Run one = produce(common, "--tenant", tenant);
      assertThat(one.code()).as(one.err()).isZero();
      assertThat(new JsonObject(one.out().trim()).getInteger("deliveries")).isEqualTo(1);

      Run refused = produce(common, "--tenant", "cnosuchtenant");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("404").contains("unknown tenant cnosuchtenant");
      Wait.until("the receiver got the single event", () -> receiver.count() == 31);
    }
  }

  private static void awaitIndexed(int webhooks) {
    Wait.until(
        "both subscription indexes hold " + webhooks + " webhooks",
        Duration.ofSeconds(2),
        () ->
            TestCluster.indexedWebhooks(a.admin()) == webhooks
                && TestCluster.indexedWebhooks(b.admin()) == webhooks);
  }

  private record Run(int code, String out, String err) {
    double seconds() {
      return Double.parseDouble(out.replaceAll("(?s).*seconds=([0-9.]+).*", "$1"));
    }
  }

  private static Run produce(List<String> common, String... more) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ProduceCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
