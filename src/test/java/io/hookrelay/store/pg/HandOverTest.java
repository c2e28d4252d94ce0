package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.DeliveryJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The hand-over of accepted deliveries to this node's dispatchers")
class HandOverTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final HandOver handOver = new HandOver();

  @Test
  @DisplayName("Places go to the dispatcher on the accepting thread first, then to the others")
  void localFirst() throws Exception {
    Thread elsewhere = new Thread(() -> handOver.register("far", 5, LEASE, () -> {}));
    elsewhere.start();
    elsewhere.join();
    handOver.register("near", 2, LEASE, () -> {});

    HandOver.Plan plan = handOver.plan(4);

    assertThat(plan.places).containsExactly("near", "near", "far", "far");
    assertThat(plan.leaseMillis).isEqualTo(LEASE.toMillis());
  }

  @Test
  @DisplayName("A dispatcher holds at most its capacity, counting places of inserts still running")
  void capacityCountsPlannedPlaces() {
    handOver.register("d", 3, LEASE, () -> {});

    HandOver.Plan first = handOver.plan(2);
    HandOver.Plan second = handOver.plan(2);
    handOver.cancel(first);
    HandOver.Plan third = handOver.plan(5);

    assertThat(first.places).hasSize(2);
    assertThat(second.places).hasSize(1);
    assertThat(third.places).hasSize(2);
  }

  @Test
  @DisplayName(
      "Handed jobs wake the dispatcher once until it takes them, and its claim returns them")
  void deliverWakesAndTakeReturns() {
    AtomicInteger wakes = new AtomicInteger();
    handOver.register("d", 10, LEASE, wakes::incrementAndGet);

    handOver.deliver(handOver.plan(2), Map.of("d", List.of(job("1"), job("2"))));
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("3"))));
    HandOver.Taken taken = handOver.take("d", 2);
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("4"))));

    assertThat(wakes.get()).isEqualTo(2);
    assertThat(taken.jobs()).extracting(DeliveryJob::deliveryCuid).containsExactly("1", "2");
    assertThat(handOver.take("d", 10).jobs())
        .extracting(DeliveryJob::deliveryCuid)
        .containsExactly("3", "4");
  }

  @Test
  @DisplayName(
      "A claim with handed jobs skips the table, unless the table had a full batch or it was told")
  void storeAskedWhenDue() {
    handOver.register("d", 10, LEASE, () -> {});

    boolean empty = handOver.take("d", 5).askStore();
    handOver.storeClaimed("d", false);
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("1"))));
    boolean withJob = handOver.take("d", 5).askStore();
    handOver.storeClaimed("d", true);
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("2"))));
    boolean afterFullBatch = handOver.take("d", 5).askStore();
    handOver.storeClaimed("d", false);
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("3"))));
    handOver.lookInStore("d");
    boolean afterPacedFinished = handOver.take("d", 5).askStore();

    assertThat(empty).isTrue();
    assertThat(withJob).isFalse();
    assertThat(afterFullBatch).isTrue();
    assertThat(afterPacedFinished).isTrue();
    assertThat(handOver.take("unknown", 5).askStore()).isTrue();
  }

  @Test
  @DisplayName(
      "While jobs are handed over, a claim asks the table only when told to, however long it has been")
  void storeAskedOnlyWhenTold() throws InterruptedException {
    handOver.register("d", 10, LEASE, () -> {});
    handOver.take("d", 5);
    handOver.storeClaimed("d", false);

    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("1"))));
    Thread.sleep(150); // longer than a claim used to wait before asking the table anyway
    boolean unasked = handOver.take("d", 5).askStore();
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("2"))));
    handOver.lookInStore("d");
    boolean told = handOver.take("d", 5).askStore();
    handOver.storeClaimed("d", false);
    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("3"))));
    boolean answered = handOver.take("d", 5).askStore();

    assertThat(unasked).isFalse();
    assertThat(told).isTrue();
    assertThat(answered).isFalse();
  }

  @Test
  @DisplayName(
      "A request to look at the table that comes while the table is being asked holds for the next claim")
  void askDuringAClaimIsKept() {
    handOver.register("d", 10, LEASE, () -> {});
    handOver.take("d", 5); // asks the table
    handOver.lookInStore("d"); // a NOTIFY while that claim's statement runs
    handOver.storeClaimed("d", false); // the statement saw none of the new rows

    handOver.deliver(handOver.plan(1), Map.of("d", List.of(job("1"))));
    boolean next = handOver.take("d", 5).askStore();

    assertThat(next).isTrue();
  }

  @Test
  @DisplayName(
      "Jobs for a dispatcher that stopped while they were inserted come back as orphans, to be released")
  void stoppedDispatcherOrphans() {
    handOver.register("d", 10, LEASE, () -> {});
    HandOver.Plan plan = handOver.plan(2);
    handOver.unregister("d");

    List<DeliveryJob> orphans = handOver.deliver(plan, Map.of("d", List.of(job("1"), job("2"))));

    assertThat(orphans).extracting(DeliveryJob::deliveryCuid).containsExactly("1", "2");
    assertThat(handOver.plan(3).any()).isFalse();
  }

  private static DeliveryJob job(String cuid) {
    return new DeliveryJob(
        cuid, "t", "e", "w", "ReportPublished", 1, 6, "https://r.example/", "s", true, new byte[0]);
  }
}
