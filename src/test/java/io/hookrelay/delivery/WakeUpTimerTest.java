package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.LiveTimers;
import io.hookrelay.support.Wait;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One Vert.x timer for the earliest of many wake-ups, on a real Vert.x. */
@ExtendWith(VertxExtension.class)
class WakeUpTimerTest {

  private Vertx vertx;
  private Context context;
  private final List<Long> wokenAt = new CopyOnWriteArrayList<>();
  private WakeUpTimer timer;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    timer = new WakeUpTimer(vertx, () -> wokenAt.add(System.currentTimeMillis()));
  }

  /** Runs on one event loop, as the delivery verticle does, and waits for it. */
  private void onLoop(Runnable r) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          r.run();
          done.complete();
        });
    done.future().await();
  }

  @Test
  @DisplayName("A thousand wake-ups hold one Vert.x timer, and none once they have all passed")
  void oneTimerForMany() {
    int before = LiveTimers.count(vertx);
    long now = System.currentTimeMillis();
    Random random = new Random(7);
    onLoop(
        () -> {
          for (int i = 0; i < 1000; i++) {
            timer.wakeAt(now + 200 + random.nextInt(800));
          }
        });

    assertThat(LiveTimers.count(vertx)).isEqualTo(before + 1);
    Wait.until(
        "every wake-up has passed",
        Duration.ofSeconds(10),
        () -> System.currentTimeMillis() > now + 1000 && LiveTimers.count(vertx) == before);
    assertThat(wokenAt).isNotEmpty();
    assertThat(wokenAt.get(0)).isGreaterThanOrEqualTo(now + 200);
  }

  @Test
  @DisplayName("An earlier wake-up re-arms the one timer; the later one still comes after it")
  void earlierRearms() {
    int before = LiveTimers.count(vertx);
    long now = System.currentTimeMillis();
    onLoop(() -> timer.wakeAt(now + 60_000));
    onLoop(() -> timer.wakeAt(now + 100));

    assertThat(LiveTimers.count(vertx)).isEqualTo(before + 1);
    Wait.until("the earlier wake-up came", () -> !wokenAt.isEmpty());
    assertThat(timer.next())
        .as("the later wake-up is still due")
        .isBetween(now + 60_000, now + 60_000 + WakeUpTimer.GRANULARITY_MS);
    assertThat(LiveTimers.count(vertx)).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("A wake-up already due runs at once; cancel() leaves no timer behind")
  void dueAndCancel() {
    int before = LiveTimers.count(vertx);
    long now = System.currentTimeMillis();
    onLoop(() -> timer.wakeAt(now - 5));
    Wait.until("the due wake-up came", () -> wokenAt.size() == 1);

    onLoop(
        () -> {
          timer.wakeAt(now + 30_000);
          timer.wakeAt(now + 40_000);
        });
    assertThat(LiveTimers.count(vertx)).isEqualTo(before + 1);
    onLoop(timer::cancel);
    assertThat(LiveTimers.count(vertx)).isEqualTo(before);
    assertThat(timer.next()).isNull();
  }

  @Test
  @DisplayName("Wake-ups beyond the bound are dropped latest first (the poll finds those)")
  void bounded() {
    long now = System.currentTimeMillis();
    onLoop(
        () -> {
          for (int i = 0; i < WakeUpTimer.MAX_PENDING + 500; i++) {
            timer.wakeAt(now + 10_000 + (long) i * WakeUpTimer.GRANULARITY_MS);
          }
        });
    assertThat(timer.pending()).isEqualTo(WakeUpTimer.MAX_PENDING);
    assertThat(timer.next()).isBetween(now + 10_000, now + 10_000 + WakeUpTimer.GRANULARITY_MS);
  }
}
