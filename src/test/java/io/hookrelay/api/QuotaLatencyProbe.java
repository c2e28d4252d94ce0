package io.hookrelay.api;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A measurement, not a test (docs/API.md, "Quotas"): how long tenant B waits for its events while
 * tenant A, with 10 webhooks whose receiver fails, is over its quota. The memory store holds 1,000
 * pending deliveries; A's quota is 500. A fills what it may, then keeps sending from its own thread
 * while B sends {@code probe.events} events one after the other. Prints A's and B's statuses and
 * B's latencies. Run (after {@code mvn -o test-compile}):
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.hookrelay.api.QuotaLatencyProbe
 * </pre>
 *
 * with {@code target/cp.txt} from {@code mvn -o dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}.
 */
public final class QuotaLatencyProbe {

  private QuotaLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int bEvents = Integer.getInteger("probe.events", 5);
    JsonObject overrides =
        new JsonObject()
            .put(
                "store",
                new JsonObject().put("memory", new JsonObject().put("maxPendingDeliveries", 1000)))
            .put("limits", new JsonObject().put("maxPendingDeliveriesPerTenant", 500))
            .put(
                "delivery",
                new JsonObject().put("initialBackoffMs", 600_000).put("maxBackoffMs", 600_000));
    try (TestServer server = TestServer.start(overrides);
        Receiver failing = Receiver.answering(500);
        Receiver ok = Receiver.answering(200)) {
      TenantClient a = server.newTenant("A");
      TenantClient b = server.newTenant("B");
      for (int i = 0; i < 10; i++) {
        Hooks.create(a.api(), Hooks.webhook(failing.url("/a"), "ReportPublished"));
      }
      Hooks.create(b.api(), Hooks.webhook(ok.url("/b"), "ReportPublished"));

      report("B alone, before A sends anything", sendMany(b.api(), bEvents));

      Map<Integer, Integer> aFill = new TreeMap<>();
      long refusedNanos = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        int status = send(a.api());
        aFill.merge(status, 1, Integer::sum);
        if (status != 202) {
          refusedNanos = System.nanoTime() - start;
          break;
        }
      }
      System.out.printf("A filling: %s; its first refusal took %d ms%n", aFill, ms(refusedNanos));

      AtomicBoolean stop = new AtomicBoolean();
      Map<Integer, Integer> aMeanwhile = new TreeMap<>();
      Thread flood =
          new Thread(
              () -> {
                try (Api api = server.as(a.token())) {
                  while (!stop.get()) {
                    int status = send(api);
                    synchronized (aMeanwhile) {
                      aMeanwhile.merge(status, 1, Integer::sum);
                    }
                  }
                }
              });
      flood.start();
      Map<Integer, List<Long>> meanwhile = sendMany(b.api(), bEvents);
      stop.set(true);
      flood.join();
      report("B while A is over", meanwhile);
      System.out.printf("A meanwhile: %s%n", aMeanwhile);
      a.api().close();
      b.api().close();
    }
  }

  /** Sends {@code n} events one after the other: each status with its latencies in ms. */
  private static Map<Integer, List<Long>> sendMany(Api api, int n) {
    Map<Integer, List<Long>> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      int status = send(api);
      out.computeIfAbsent(status, s -> new ArrayList<>()).add(ms(System.nanoTime() - start));
    }
    return out;
  }

  private static void report(String what, Map<Integer, List<Long>> latencies) {
    latencies.forEach(
        (status, ms) -> {
          List<Long> sorted = new ArrayList<>(ms);
          sorted.sort(null);
          System.out.printf(
              "%s: %d x %d, latency ms min %d median %d max %d%n",
              what,
              sorted.size(),
              status,
              sorted.get(0),
              sorted.get(sorted.size() / 2),
              sorted.get(sorted.size() - 1));
        });
  }

  private static int send(Api api) {
    return api.post("/api/internal/events", Hooks.event("ReportPublished")).status();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
