package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.ChildServer;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The promise of the PostgreSQL store: a 202 means the event and its deliveries are on disk, and
 * every one of them is delivered at least once even when the server is killed with SIGKILL while
 * events pour in and deliveries are in flight. The server runs as a child JVM so the kill is real;
 * a second child on the same database finishes the work (the first one's claims after their lease).
 */
@DisplayName("kill -9 under load on PostgreSQL")
class PgCrashTest {

  private static final long LEASE_MS = 2_000;
  private static final int PRODUCERS = 3;
  private static final int MAX_EVENTS = 3_000;

  /** The receiver paths each event name must reach, one per subscribed webhook. */
  private static final Map<String, List<String>> SUBSCRIBERS =
      Map.of(
          "ReportPublished", List.of("/w1", "/w2"),
          "FindingPublished", List.of("/w2", "/w3"));

  /** A 202: the event and the number of deliveries the server stored for it. */
  private record Accepted(String eventCuid, String event, int deliveries) {}

  @Test
  @DisplayName(
      "Every event accepted before a kill -9 reaches every matching receiver at least once after a restart on the same database")
  void killUnderLoad() {
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver slow = Receiver.answering(n -> Answer.delayed(200, 30));
        Receiver fast = Receiver.answering(n -> Answer.delayed(200, 5))) {
      Map<String, String> env = ChildServer.postgresEnv(db.url(), LEASE_MS);
      List<Accepted> accepted = new CopyOnWriteArrayList<>();
      PgSettings.Tenant tenant;

      try (ChildServer first = ChildServer.start("node-1", env)) {
        try (Api admin = new Api(first.port(), ChildServer.ADMIN)) {
          tenant = PgSettings.newTenant(admin, "Acme");
        }
        try (Api api = new Api(first.port(), tenant.token())) {
          api.post("/api/internal/webhooks", PgSettings.webhook(slow.url("/w1"), "ReportPublished"))
              .expect(201);
          api.post(
                  "/api/internal/webhooks",
                  PgSettings.webhook(fast.url("/w2"), "ReportPublished", "FindingPublished"))
              .expect(201);
          api.post(
                  "/api/internal/webhooks",
                  PgSettings.webhook(slow.url("/w3"), "FindingPublished").put("secret", "s3cret"))
              .expect(201);
        }
        Producers producers = new Producers(first.port(), tenant.token(), accepted);
        Wait.until(
            "events are accepted and deliveries are arriving",
            Duration.ofSeconds(30),
            () -> accepted.size() >= 200 && slow.count() + fast.count() >= 100);
        first.kill();
        producers.stopAndJoin();
      }
      long pendingAfterKill =
          db.queryLong("SELECT count(*) FROM deliveries WHERE status = 'pending'");
      long claimedAfterKill =
          db.queryLong(
              "SELECT count(*) FROM deliveries WHERE status = 'pending' AND locked_by IS NOT NULL");
      assertThat(pendingAfterKill)
          .as("deliveries the kill left unfinished (else the test proves nothing)")
          .isPositive();

      Tally tally = new Tally(slow, fast);
      try (ChildServer second = ChildServer.start("node-2", env);
          Api api = new Api(second.port(), tenant.token())) {
        for (int i = 0; i < 20; i++) {
          String name = i % 2 == 0 ? "ReportPublished" : "FindingPublished";
          JsonObject receipt =
              api.post("/api/internal/events", PgSettings.event(name)).expect(202).json();
          accepted.add(
              new Accepted(receipt.getString("eventCuid"), name, receipt.getInteger("deliveries")));
        }
        Set<String> expected = expectedPairs(accepted);
        Wait.until(
            "every accepted event reached every matching receiver",
            Duration.ofSeconds(45),
            () -> tally.refresh().pairs.containsAll(expected));
        Wait.until(
            "every stored delivery is finished",
            Duration.ofSeconds(15),
            () -> db.queryLong("SELECT count(*) FROM deliveries WHERE status <> 'succeeded'") == 0);
      }

      tally.refresh();
      Set<String> expected = expectedPairs(accepted);
      long delivered = expected.stream().filter(tally.pairs::contains).count();
      int duplicates = tally.requests - tally.ids.size();
      long stored = db.queryLong("SELECT count(*) FROM deliveries");
      System.out.printf(
          "crash test: accepted=%d expected=%d delivered=%d duplicates=%d"
              + " (pending after kill=%d, of them claimed by the dead node=%d; deliveries of events whose 202 was lost"
              + " in the kill=%d; requests=%d)%n",
          accepted.size(),
          expected.size(),
          delivered,
          duplicates,
          pendingAfterKill,
          claimedAfterKill,
          tally.ids.size() - delivered,
          tally.requests);

      assertThat(accepted)
          .allSatisfy(
              a ->
                  assertThat(a.deliveries())
                      .as("deliveries stored for %s", a.event())
                      .isEqualTo(SUBSCRIBERS.get(a.event()).size()));
      assertThat(delivered)
          .as("accepted deliveries that reached their receiver")
          .isEqualTo(expected.size());
      assertThat(tally.ids).as("every stored delivery reached its receiver").hasSize((int) stored);
    }
  }

  private static Set<String> expectedPairs(List<Accepted> accepted) {
    Set<String> pairs = new HashSet<>();
    accepted.forEach(
        a -> SUBSCRIBERS.get(a.event()).forEach(path -> pairs.add(path + " " + a.eventCuid())));
    return pairs;
  }

  /**
   * What the receivers got so far: (path, event cuid) pairs, distinct webhook-ids, all requests.
   */
  private static final class Tally {
    private final List<Receiver> receivers;
    private final int[] read;
    final Set<String> pairs = new HashSet<>();
    final Set<String> ids = new HashSet<>();
    int requests;

    Tally(Receiver... receivers) {
      this.receivers = List.of(receivers);
      this.read = new int[receivers.length];
    }

    Tally refresh() {
      for (int i = 0; i < receivers.size(); i++) {
        List<Receiver.Received> all = receivers.get(i).received();
        for (Receiver.Received r : all.subList(read[i], all.size())) {
          pairs.add(r.path() + " " + r.body().toJsonObject().getString("cuid"));
          ids.add(r.header("webhook-id"));
          requests++;
        }
        read[i] = all.size();
      }
      return this;
    }
  }

  /**
   * Threads that send events as fast as the server takes them, until stopped or the server is gone.
   */
  private static final class Producers {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Producers(int port, String token, List<Accepted> accepted) {
      for (int t = 0; t < PRODUCERS; t++) {
        int first = t;
        Thread thread = new Thread(() -> produce(port, token, first, accepted), "producer-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    private void produce(int port, String token, int first, List<Accepted> accepted) {
      try (Api api = new Api(port, token)) {
        for (int i = first; !stop.get() && accepted.size() < MAX_EVENTS; i++) {
          String name = i % 2 == 0 ? "ReportPublished" : "FindingPublished";
          Api.Response response;
          try {
            response = api.post("/api/internal/events", PgSettings.event(name));
          } catch (Exception serverGone) { // refused or reset: await() rethrows checked ones too
            return;
          }
          if (response.status() != 202) {
            return;
          }
          JsonObject receipt = response.json();
          accepted.add(
              new Accepted(receipt.getString("eventCuid"), name, receipt.getInteger("deliveries")));
        }
      }
    }

    void stopAndJoin() {
      stop.set(true);
      for (Thread t : threads) {
        try {
          t.join(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
