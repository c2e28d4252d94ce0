package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.Addresses;
import io.hookrelay.store.DeliveryQueue;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Stores;
import io.hookrelay.store.memory.MemoryStores;
import io.hookrelay.support.Wait;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outcomes written back in batches, on a real event loop and the memory store. The queue's {@code
 * complete} is watched (and, where a test says so, answered by the test) through a proxy that hands
 * every other call to the real memory queue.
 */
@ExtendWith(VertxExtension.class)
class OutcomeWriterTest {

  private Vertx vertx;
  private Context context;
  private Stores memory;

  /** The outcomes of each {@code complete} call, in order. */
  private final List<List<Outcome>> writes = new CopyOnWriteArrayList<>();

  /** Answers for the next {@code complete} calls; empty: the real queue answers. */
  private final Queue<Function<List<Outcome>, Future<List<String>>>> answers =
      new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    memory = MemoryStores.create(1000);
  }

  @SuppressWarnings("unchecked")
  private OutcomeWriter writer(int batchSize) {
    DeliveryQueue real = memory.queue();
    DeliveryQueue watched =
        (DeliveryQueue)
            Proxy.newProxyInstance(
                DeliveryQueue.class.getClassLoader(),
                new Class<?>[] {DeliveryQueue.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("complete")) {
                    List<Outcome> outcomes = (List<Outcome>) args[1];
                    writes.add(List.copyOf(outcomes));
                    var answer = answers.poll();
                    if (answer != null) {
                      return answer.apply(outcomes);
                    }
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Stores stores =
        new Stores(
            memory.tenants(),
            memory.webhooks(),
            memory.events(),
            watched,
            memory.attempts(),
            memory.health(),
            memory.closer());
    return new OutcomeWriter(vertx, stores, "claimer-1", 100, batchSize);
  }

  private static Outcome done(int i) {
    return Outcome.succeeded("dlv" + i, "whk", 1);
  }

  private void onLoop(Runnable action) {
    Promise<Void> ran = Promise.promise();
    context.runOnContext(
        v -> {
          action.run();
          ran.complete();
        });
    ran.future().await();
  }

  @Test
  @DisplayName("Outcomes added in one turn of the event loop go out in one write")
  void oneTurnOneWrite() {
    OutcomeWriter writer = writer(256);

    onLoop(
        () -> {
          for (int i = 0; i < 5; i++) {
            writer.add(done(i), null);
          }
        });

    Wait.until("the write", () -> writes.size() == 1);
    assertThat(writes.get(0))
        .extracting(Outcome::deliveryCuid)
        .containsExactly("dlv0", "dlv1", "dlv2", "dlv3", "dlv4");
  }

  @Test
  @DisplayName(
      "While a write is under way, outcomes gather for the next; a full batch goes at once")
  void batchesGrowUnderLoad() {
    OutcomeWriter writer = writer(3);
    Promise<List<String>> slow = Promise.promise();
    answers.add(outcomes -> slow.future());

    onLoop(() -> writer.add(done(0), null));
    Wait.until("the first write is under way", () -> writes.size() == 1);
    onLoop(
        () -> {
          writer.add(done(1), null);
          writer.add(done(2), null);
        });
    assertThat(writes).as("nothing more while the first write runs").hasSize(1);
    onLoop(() -> writer.add(done(3), null)); // the batch of 3 is full
    Wait.until("the full batch", () -> writes.size() == 2);
    onLoop(() -> writer.add(done(4), null));
    onLoop(() -> slow.complete(List.of()));

    Wait.until("the rest after the first write ended", () -> writes.size() == 3);
    assertThat(writes.get(1))
        .extracting(Outcome::deliveryCuid)
        .containsExactly("dlv1", "dlv2", "dlv3");
    assertThat(writes.get(2)).extracting(Outcome::deliveryCuid).containsExactly("dlv4");
  }

  @Test
  @DisplayName(
      "An attempt is logged only once its outcome is written: the log never runs ahead of the queue")
  void logFollowsQueue() {
    OutcomeWriter writer = writer(256);
    Promise<List<String>> slow = Promise.promise();
    answers.add(outcomes -> slow.future());
    io.hookrelay.webhook.Attempt attempt =
        new io.hookrelay.webhook.Attempt(
            "cat1",
            "dlv0",
            "whk",
            "ten",
            "evt",
            "ReportPublished",
            "https://receiver.test/hook",
            3,
            io.hookrelay.webhook.Attempt.Status.FAILED,
            500,
            12,
            "receiver answered 500",
            "",
            java.time.Instant.now());
    io.hookrelay.store.AttemptQuery tenantLog =
        new io.hookrelay.store.AttemptQuery("ten", null, null, null, 10, 0);

    onLoop(() -> writer.add(Outcome.failed("dlv0", "whk", 3), attempt));
    Wait.until("the outcome is being written", () -> writes.size() == 1);
    assertThat(memory.attempts().list(tenantLog).await().items())
        .as("log entries while the outcome is not written yet")
        .isEmpty();

    onLoop(() -> slow.complete(List.of()));
    Wait.until(
        "the attempt is logged",
        () -> memory.attempts().list(tenantLog).await().items().size() == 1);
  }

  @Test
  @DisplayName("flush ends only once every write under way has ended")
  void flushWaitsForWrites() {
    OutcomeWriter writer = writer(256);
    Promise<List<String>> slow = Promise.promise();
    answers.add(outcomes -> slow.future());
    onLoop(() -> writer.add(done(0), null));
    Wait.until("the write is under way", () -> writes.size() == 1);

    Future<Void>[] flushed = new Future[1];
    onLoop(() -> flushed[0] = writer.flush());
    assertThat(flushed[0].isComplete()).isFalse();

    onLoop(() -> slow.complete(List.of()));
    flushed[0].await();
  }

  @Test
  @DisplayName("A webhook the store disabled is announced to every node on webhook.changed")
  void announcesDisabled() {
    OutcomeWriter writer = writer(256);
    answers.add(outcomes -> Future.succeededFuture(List.of("whk_disabled")));
    List<JsonObject> changed = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.WEBHOOK_CHANGED, m -> changed.add(m.body()));

    onLoop(() -> writer.add(Outcome.failed("dlv0", "whk_disabled", 3), null));

    Wait.until("the notice", () -> changed.size() == 1);
    assertThat(changed.get(0).getString("webhookCuid")).isEqualTo("whk_disabled");
  }

  @Test
  @DisplayName(
      "A failed write is given up (the leases bring the deliveries back); later ones go on")
  void failedWriteDoesNotStop() {
    OutcomeWriter writer = writer(256);
    answers.add(outcomes -> Future.failedFuture(new IllegalStateException("store down")));

    onLoop(() -> writer.add(done(0), null));
    Wait.until("the failed write", () -> writes.size() == 1);
    onLoop(() -> writer.add(done(1), null));

    Wait.until("the next write", () -> writes.size() == 2);
    Future<Void>[] flushed = new Future[1];
    onLoop(() -> flushed[0] = writer.flush());
    flushed[0].await();
  }
}
