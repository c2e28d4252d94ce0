package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The process-wide connection slots, with waiters on real Vert.x event loops. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitTest {

  private Vertx vertx;
  private Context one;
  private Context two;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    one = vertx.getOrCreateContext();
    two = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
  }

  private static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
    return io.hookrelay.support.OnLoop.run(context, action);
  }

  @Test
  @DisplayName("Slots go at once up to the cap, then to waiters in order as they are released")
  void fifo() {
    ConnectionLimit limit = new ConnectionLimit(2);
    on(one, () -> limit.acquire(one, 10_000)).await();
    on(two, () -> limit.acquire(two, 10_000)).await();
    List<String> order = new CopyOnWriteArrayList<>();
    Future<Void> first = on(one, () -> limit.acquire(one, 10_000).andThen(v -> order.add("one")));
    io.hookrelay.support.Wait.until("the first waits", () -> limit.waiting() == 1);
    Future<Void> second = on(two, () -> limit.acquire(two, 10_000).andThen(v -> order.add("two")));
    io.hookrelay.support.Wait.until("both wait", () -> limit.waiting() == 2);
    assertThat(limit.used()).isEqualTo(2);

    limit.release();
    first.await();
    assertThat(second.isComplete()).isFalse();
    limit.release();
    second.await();

    assertThat(order).containsExactly("one", "two");
    assertThat(limit.used()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "A waiter gives up after its time with a TimeoutException; the slot it never got is not lost")
  void waiterTimesOut() {
    ConnectionLimit limit = new ConnectionLimit(1);
    on(one, () -> limit.acquire(one, 10_000)).await();

    Throwable failure =
        on(two, () -> limit.acquire(two, 200)).transform(Future::succeededFuture).await().cause();
    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(limit.waiting()).isZero();

    limit.release();
    assertThat(limit.used()).isZero();
    on(two, () -> limit.acquire(two, 0)).await();
    assertThat(limit.used()).isEqualTo(1);
  }

  @Test
  @DisplayName("A waiter asks the registered verticles, in turn, to close an idle connection")
  void asksForIdle() {
    ConnectionLimit limit = new ConnectionLimit(1);
    on(one, () -> limit.acquire(one, 10_000)).await(); // held by an idle connection of "two"
    List<String> asked = new CopyOnWriteArrayList<>();
    limit.register(
        new ConnectionLimit.Idle(
            one,
            () -> {
              asked.add("one");
              return false; // has none
            }));
    limit.register(
        new ConnectionLimit.Idle(
            two,
            () -> {
              asked.add("two");
              limit.release(); // closes its idle connection
              return true;
            }));

    on(one, () -> limit.acquire(one, 10_000)).await();

    assertThat(asked).containsExactly("one", "two");
    assertThat(limit.used()).isEqualTo(1);
  }

  @Test
  @DisplayName("Every delivery verticle of one Vert.x shares one limit")
  void shared() {
    assertThat(ConnectionLimit.shared(vertx, 5)).isSameAs(ConnectionLimit.shared(vertx, 5));
    // a second Vert.x of the test's own: the point is that another Vert.x gets another limit
    Vertx other = Vertx.vertx();
    try {
      assertThat(ConnectionLimit.shared(other, 5)).isNotSameAs(ConnectionLimit.shared(vertx, 5));
    } finally {
      other.close().await();
    }
  }
}
