package io.hookrelay.cluster;

import static io.hookrelay.delivery.Paced.arrivals;
import static io.hookrelay.delivery.Paced.gapMs;
import static io.hookrelay.delivery.Paced.maxInWindow;
import static io.hookrelay.delivery.Paced.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.Paced;
import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Delivery controls hold for the cluster, not per node: two clustered nodes in this JVM on one
 * database both claim deliveries of one webhook; its rate limit and the order of its keys hold for
 * what the two send together.
 */
class ClusterDeliveryControlsTest {

  private static TestCluster cluster;
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void startNodes() {
    cluster = new TestCluster(2);
    JsonObject retries =
        new JsonObject()
            .put(
                "delivery",
                new JsonObject()
                    .put("initialBackoffMs", 800)
                    .put("backoffMultiplier", 1)
                    .put("maxRetries", 3));
    a = cluster.start(0, retries);
    b = cluster.start(1, retries);
    TestCluster.awaitJoined(a, b);
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Creates the webhook on node A and waits until both nodes route to it. */
  private static void webhook(String tenant, Receiver receiver, JsonObject controls) {
    int indexed = TestCluster.indexedWebhooks(b.admin());
    a.admin()
        .post(
            "/api/internal/webhooks?tenantCuid=" + tenant,
            new JsonObject()
                .put("name", "hook")
                .put("url", receiver.url("/hook"))
                .put("sslVerification", true)
                .put("events", new JsonArray().add("ReportPublished"))
                .put("enabled", true)
                .mergeIn(controls))
        .expect(201);
    Wait.until(
        "both subscription indexes hold the webhook",
        Duration.ofSeconds(5),
        () ->
            TestCluster.indexedWebhooks(a.admin()) == indexed + 1
                && TestCluster.indexedWebhooks(b.admin()) == indexed + 1);
  }

  /** Sends event {@code i} to node A when even, B when odd. */
  private static void send(String tenant, int i, JsonObject event) {
    Api node = i % 2 == 0 ? a.admin() : b.admin();
    node.post("/api/internal/events?tenantCuid=" + tenant, event).expect(202);
  }

  /** Records which nodes hold claims (a look every 100 ms) while {@code done} is false. */
  private static void awaitWatchingClaims(String what, Set<String> nodes, BooleanSupplier done) {
    long[] nextLook = {0};
    Wait.until(
        what,
        Duration.ofSeconds(40),
        () -> {
          if (System.nanoTime() - nextLook[0] < 0) {
            return done.getAsBoolean();
          }
          nextLook[0] = System.nanoTime() + 100_000_000L;
          String claimers =
              cluster.db.queryString(
                  "SELECT coalesce(string_agg(DISTINCT split_part(locked_by, '/', 1), ','), '')"
                      + " FROM deliveries WHERE locked_by IS NOT NULL");
          for (String n : claimers.split(",")) {
            if (!n.isEmpty()) {
              nodes.add(n);
            }
          }
          return done.getAsBoolean();
        });
  }

  @Test
  @DisplayName(
      "rateLimitPerSecond 5 holds for both nodes together: at most 6 requests in any second, each a first attempt")
  void rateLimitAcrossNodes() {
    try (Receiver receiver = Receiver.answering(200)) {
      String tenant = TestCluster.tenant(a.admin(), "Paced");
      webhook(tenant, receiver, new JsonObject().put("rateLimitPerSecond", 5));
      int events = 20;
      for (int i = 0; i < events; i++) {
        send(tenant, i, Paced.event("r" + i, "ct" + i, null));
      }
      Set<String> claimers = ConcurrentHashMap.newKeySet();
      awaitWatchingClaims(
          "the receiver got every event", claimers, () -> receiver.count() == events);

      List<Received> got = receiver.received();
      assertThat(maxInWindow(got, 1_000))
          .as("most requests in any second (nodes seen claiming: %s)", claimers)
          .isLessThanOrEqualTo(6);
      assertThat(gapMs(got.get(0), got.get(events - 1)))
          .as("ms from the first to the last request (19 slots of 200 ms)")
          .isGreaterThanOrEqualTo(3_000);
      assertThat(got).extracting(r -> r.header("X-Hookrelay-Attempt")).containsOnly("1");
    }
  }

  @Test
  @DisplayName(
      "perKey with events arriving on both nodes: each key one at a time in accept order; a failing A holds back only key A")
  void orderingAcrossNodes() {
    long answerMs = 50;
    try (Receiver receiver =
        Paced.answeringByText(
            text ->
                before ->
                    text.equals("A1") && before == 0
                        ? Answer.delayed(500, answerMs)
                        : Answer.delayed(200, answerMs))) {
      String tenant = TestCluster.tenant(a.admin(), "Ordered");
      webhook(tenant, receiver, new JsonObject().put("ordering", "perKey"));
      int perKey = 5;
      for (int i = 1; i <= perKey; i++) {
        send(tenant, 2 * i, Paced.event("A" + i, "ctA" + i, "key-A"));
        send(tenant, 2 * i + 1, Paced.event("B" + i, "ctB", null));
      }
      Set<String> claimers = ConcurrentHashMap.newKeySet();
      awaitWatchingClaims(
          "every event arrived, A1 twice", claimers, () -> receiver.count() == 2 * perKey + 1);

      assertThat(texts(receiver, "A")).containsExactly("A1", "A1", "A2", "A3", "A4", "A5");
      assertThat(texts(receiver, "B")).containsExactly("B1", "B2", "B3", "B4", "B5");
      List<Received> keyA = arrivals(receiver, "A");
      List<Received> keyB = arrivals(receiver, "B");
      assertThat(keyB.get(perKey - 1).at())
          .as("key B was done before A1's retry (nodes seen claiming: %s)", claimers)
          .isLessThan(keyA.get(1).at());
      for (List<Received> key : List.of(keyA, keyB)) {
        for (int i = 1; i < key.size(); i++) {
          assertThat(gapMs(key.get(i - 1), key.get(i)))
              .as("one at a time per key, across both nodes")
              .isGreaterThanOrEqualTo(answerMs);
        }
      }
    }
  }
}
