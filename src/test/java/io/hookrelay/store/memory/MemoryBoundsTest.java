package io.hookrelay.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.ManualRetry;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Quotas;
import io.hookrelay.store.Receipt;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The memory store's own bounds (config {@code store.memory.*}): idempotency keys live for the
 * window and no more than {@code maxIdempotencyKeys} of them; failed deliveries, with their events'
 * bodies, no more than {@code maxFailedDeliveries}; whatever a bound drops is counted.
 */
@DisplayName("The memory store stays within its bounds")
class MemoryBoundsTest {

  private static final Duration WINDOW = Duration.ofHours(24);
  private static final String EVENT = "ReportPublished";

  private final Map<String, Integer> dropped = new ConcurrentHashMap<>();
  private final String tenant = Cuid.next();

  @Test
  @DisplayName("An idempotency key is dropped once it is older than the window, not at retention")
  void keysLiveForTheWindow() {
    MemoryQueue queue = queue(new MemoryBounds(100, 100, 100, 100));
    Instant now = now();
    accept(
        queue, event("old", now.minus(WINDOW).minusSeconds(60)), now.minus(WINDOW.multipliedBy(2)));
    accept(queue, event("fresh", now.minusSeconds(60)), now.minus(WINDOW.multipliedBy(2)));
    assertThat(queue.idempotencyKeys()).isEqualTo(2);

    accept(queue, event("new", now), now.minus(WINDOW));

    assertThat(queue.idempotencyKeys()).as("'old' is past the window").isEqualTo(2);
    assertThat(accept(queue, event("fresh", now), now.minus(WINDOW)).replayed()).isTrue();
    assertThat(dropped).as("expiry is no drop").isEmpty();
  }

  @Test
  @DisplayName("An idle store forgets keys past the window when housekeeping asks")
  void idleStoreForgetsKeys() {
    MemoryQueue queue = queue(new MemoryBounds(100, 100, 100, 100));
    Instant now = now();
    accept(
        queue, event("old", now.minus(WINDOW).minusSeconds(60)), now.minus(WINDOW.multipliedBy(2)));
    accept(queue, event("fresh", now), now.minus(WINDOW.multipliedBy(2)));

    queue.forgetKeysBefore(now.minus(WINDOW)).await();

    assertThat(queue.idempotencyKeys()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "At most maxIdempotencyKeys keys are kept: the oldest goes first, and each drop is counted")
  void keysAreCapped() {
    MemoryQueue queue = queue(new MemoryBounds(100, 100, 100, 2));
    Instant since = now().minus(WINDOW);
    accept(queue, event("k1", now()), since);
    accept(queue, event("k2", now()), since);
    accept(queue, event("k3", now()), since);

    assertThat(queue.idempotencyKeys()).isEqualTo(2);
    assertThat(accept(queue, event("k3", now()), since).replayed()).isTrue();
    assertThat(accept(queue, event("k1", now()), since).replayed())
        .as("k1 was dropped for k3, so its id counts as new")
        .isFalse();
    assertThat(dropped).containsEntry(MemoryStores.IDEMPOTENCY_KEY, 2);
  }

  @Test
  @DisplayName(
      "At most maxFailedDeliveries failed deliveries are kept for a retry: the oldest failure goes"
          + " first, with its event's body, and each drop is counted")
  void failedDeliveriesAreCapped() {
    Stores stores = stores(new MemoryBounds(100, 100, 2, 100));
    MemoryQueue queue = (MemoryQueue) stores.queue();
    Webhook hook = stores.webhooks().create(webhook()).await();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Event e = event(null, now());
      stores.events().accept(e, List.of(Delivery.pending(e, hook, 0)), Instant.EPOCH).await();
      DeliveryJob job = stores.queue().claim("node", 10, Duration.ofMinutes(1)).await().get(0);
      stores
          .queue()
          .complete("node", List.of(Outcome.failed(job.deliveryCuid(), hook.cuid(), 1)), 100)
          .await();
      failed.add(job.deliveryCuid());
    }

    assertThat(queue.failedDeliveries()).isEqualTo(2);
    assertThat(queue.storedEvents()).as("the dropped delivery's event went with it").isEqualTo(2);
    assertThat(stores.queue().get(failed.get(0)).await()).isEmpty();
    assertThat(stores.queue().get(failed.get(1)).await()).isPresent();
    assertThat(stores.queue().retryNow(tenant, failed.get(0)).await())
        .isEqualTo(ManualRetry.NOT_FOUND);
    assertThat(dropped).containsEntry(MemoryStores.FAILED_DELIVERY, 1);

    stores.queue().retryNow(tenant, failed.get(2)).await();
    assertThat(queue.failedDeliveries()).as("a retried delivery is pending again").isEqualTo(1);
  }

  private Receipt accept(MemoryQueue queue, Event e, Instant since) {
    return queue.accept(e, List.of(), since).await();
  }

  private MemoryQueue queue(MemoryBounds bounds) {
    return (MemoryQueue) stores(bounds).queue();
  }

  private Stores stores(MemoryBounds bounds) {
    return MemoryStores.create(
        bounds, Quotas.NONE, (kind, count) -> dropped.merge(kind, count, Integer::sum));
  }

  private Event event(String key, Instant at) {
    String cuid = Cuid.next();
    byte[] body = ("{\"cuid\":\"" + cuid + "\"}").getBytes(StandardCharsets.UTF_8);
    return new Event(cuid, tenant, key, EVENT, null, body, at);
  }

  private Webhook webhook() {
    Instant at = now();
    return new Webhook(
        Cuid.next(),
        tenant,
        List.of(),
        "hook",
        "https://receiver.example/in",
        true,
        List.of(EVENT),
        true,
        null,
        null,
        0,
        at,
        at);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
