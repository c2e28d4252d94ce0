package io.hookrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.config.ConfigLoader;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nodes that go away: node B runs in this JVM for the whole class; node A (killed) and node C
 * (stopped with SIGTERM) are child JVMs started like an operator would. All share one database.
 * Each node caps its claims (2 delivery verticles × 2 × {@code maxInFlightPerHost} per receiver),
 * so the others always find work left.
 */
class ClusterFailoverTest {

  private static final int PER_HOST = 4;
  private static final long B_LEASE_MS = 10_000;

  private static TestCluster cluster;
  private static TestServer b;

  @BeforeAll
  static void startNodeB() {
    cluster = new TestCluster(3);
    b = TestServer.start(node(1, B_LEASE_MS));
  }

  @AfterAll
  static void stopNodeB() {
    if (b != null) {
      b.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JsonObject node(int n, long leaseMs) {
    return ConfigLoader.merge(
        cluster.node(n),
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("leaseMs", leaseMs)
                    .put("maxInFlightPerHost", PER_HOST)
                    .put("batchSize", 16)));
  }

  @Test
  @DisplayName(
      "Killing node A under load loses no accepted event: node B takes over A's claims when their lease ends")
  void killedNodeLosesNothing() {
    try (Receiver one = Receiver.answering(n -> Receiver.Answer.delayed(200, 100));
        Receiver two = Receiver.answering(n -> Receiver.Answer.delayed(200, 100));
        NodeProcess a = NodeProcess.start("kill-a", node(0, 2_000)).awaitStarted()) {
      Wait.until(
          "A and B form a cluster",
          Duration.ofSeconds(20),
          () -> TestCluster.clusterMembers(b.admin()) == 2);
      String tenant = TestCluster.tenant(b.admin(), "Kill");
      int indexed = TestCluster.indexedWebhooks(b.admin());
      TestCluster.webhook(b.admin(), tenant, one, "ReportPublished");
      TestCluster.webhook(a.admin(), tenant, two, "ReportPublished");
      Wait.until(
          "both indexes hold the webhooks",
          Duration.ofSeconds(2),
          () ->
              TestCluster.indexedWebhooks(a.admin()) == indexed + 2
                  && TestCluster.indexedWebhooks(b.admin()) == indexed + 2);

      int events = 300;
      int accepted = 0;
      long orphaned = -1;
      for (int i = 0; i < events; i++) {
        if (orphaned < 0 && one.count() + two.count() >= 100) {
          a.kill();
          // A's leases are 2 s, B's 10 s: what ends within 3 s is what A held when it died.
          orphaned =
              cluster.db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE status = 'pending'"
                      + " AND locked_until < now() + interval '3 seconds'");
        }
        if (orphaned < 0) {
          accepted += send(a.admin(), tenant, "kill-" + i) ? 1 : 0;
        } else {
          assertThat(
                  b.admin()
                      .post("/api/internal/events?tenantCuid=" + tenant, event("kill-" + i))
                      .status())
              .as("B takes events on its own once A is dead")
              .isEqualTo(202);
          accepted++;
        }
      }
      assertThat(orphaned).as("A was killed while the backlog lasted").isGreaterThanOrEqualTo(0);

      int expected = 2 * accepted;
      Wait.until(
          "every accepted event reached both receivers",
          Duration.ofSeconds(30),
          () ->
              TestCluster.deliveryIds(one).size() + TestCluster.deliveryIds(two).size()
                  == expected);
      Wait.until(
          "the queue is empty",
          Duration.ofSeconds(10),
          () ->
              cluster.db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'pending'")
                  == 0);
      int delivered = TestCluster.deliveryIds(one).size() + TestCluster.deliveryIds(two).size();
      int duplicates = one.count() + two.count() - delivered;
      System.out.printf(
          "cluster kill test: accepted=%d expected=%d delivered=%d duplicates=%d (claims orphaned by the kill=%d)%n",
          accepted, expected, delivered, duplicates, orphaned);

      assertThat(accepted).isEqualTo(events);
      assertThat(orphaned).as("claims A held when it died").isPositive();
      assertThat(delivered).isEqualTo(expected);
      assertThat(
              cluster.db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE status = 'succeeded' AND tenant_cuid = '"
                      + tenant
                      + "'"))
          .isEqualTo(expected);
      assertThat(duplicates)
          .as("only claims A held when it died can arrive twice")
          .isLessThanOrEqualTo((int) orphaned);
    }
  }

  @Test
  @DisplayName(
      "SIGTERM stops node C cleanly: in-flight deliveries finish, claims go back, C leaves, nothing arrives twice")
  void cleanStopReleasesClaims() {
    try (Receiver receiver = Receiver.answering(n -> Receiver.Answer.delayed(200, 100));
        NodeProcess c = NodeProcess.start("term-c", node(2, 60_000)).awaitStarted()) {
      Wait.until(
          "B and C form a cluster",
          Duration.ofSeconds(20),
          () -> TestCluster.clusterMembers(b.admin()) == 2);
      String tenant = TestCluster.tenant(b.admin(), "Term");
      int indexed = TestCluster.indexedWebhooks(b.admin());
      TestCluster.webhook(b.admin(), tenant, receiver, "ReportPublished");
      Wait.until(
          "both indexes hold the webhook",
          Duration.ofSeconds(2),
          () ->
              TestCluster.indexedWebhooks(c.admin()) == indexed + 1
                  && TestCluster.indexedWebhooks(b.admin()) == indexed + 1);

      int events = 120;
      for (int i = 0; i < events; i++) {
        // to C: its own router wakes its dispatchers at once, so C is sure to hold claims when
        // stopped
        assertThat(send(c.admin(), tenant, "term-" + i)).isTrue();
      }
      Wait.until("C is sending deliveries", Duration.ofSeconds(10), () -> inFlight(c.admin()) > 0);
      c.terminate();
      int exit = c.waitForExit(Duration.ofSeconds(20));

      assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
      assertThat(c.output()).filteredOn(line -> line.contains("delivery stopped")).hasSize(2);
      assertThat(
              cluster.db.queryLong(
                  "SELECT count(*) FROM deliveries WHERE status = 'pending'"
                      + " AND locked_until > now() + interval '20 seconds'"))
          .as("claims left under C's 60 s lease")
          .isZero();
      Wait.until(
          "C left the cluster",
          Duration.ofSeconds(5),
          () -> TestCluster.clusterMembers(b.admin()) == 1);
      Wait.until(
          "B delivered the rest, long before C's lease would end",
          Duration.ofSeconds(20),
          () -> TestCluster.deliveryIds(receiver).size() == events);
      Wait.until(
          "the queue is empty",
          Duration.ofSeconds(10),
          () ->
              cluster.db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'pending'")
                  == 0);
      System.out.printf(
          "cluster SIGTERM test: events=%d delivered=%d duplicates=%d%n",
          events,
          TestCluster.deliveryIds(receiver).size(),
          receiver.count() - TestCluster.deliveryIds(receiver).size());
      assertThat(receiver.count()).as("deliveries received, duplicates included").isEqualTo(events);
    }
  }

  /**
   * Posts one event with an idempotency key; a node that does not answer gets the same event again
   * via B.
   */
  private static boolean send(Api api, String tenant, String id) {
    String path = "/api/internal/events?tenantCuid=" + tenant;
    try {
      int status = api.post(path, event(id)).status();
      if (status == 202 || status == 200) {
        return true;
      }
    } catch (RuntimeException e) {
      // the node died under the request
    }
    int status = b.admin().post(path, event(id)).status();
    return status == 202 || status == 200;
  }

  private static JsonObject event(String id) {
    return new JsonObject()
        .put("id", id)
        .put("event", "ReportPublished")
        .put("targetCuid", "c" + id);
  }

  private static int inFlight(Api admin) {
    return admin
        .get("/health")
        .json()
        .getJsonObject("checks")
        .getJsonObject("delivery")
        .getInteger("inFlight", 0);
  }
}
