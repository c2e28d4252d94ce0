package io.hookrelay.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The process-wide cap on delivery connections ({@code delivery.maxConnections}), shared by every
 * delivery verticle of a Vert.x: a slot per open connection (busy or idle) and per connection being
 * opened. A request that needs a new connection takes a slot or waits for one, first come first
 * served, within its own deadline; while requests wait, the verticles are asked in turn to close
 * one of their idle keep-alive connections to make room. Thread-safe.
 */
final class ConnectionLimit implements Shareable {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final List<Idle> idle = new CopyOnWriteArrayList<>();

  /** A verticle that may hold idle connections, and how to close one of them on its loop. */
  record Idle(Context context, BooleanSupplier closeOne) {}

  private static final class Waiter {
    final Context context;
    final Promise<Void> slot = Promise.promise();
    final AtomicBoolean settled = new AtomicBoolean();
    long timer;

    Waiter(Context context) {
      this.context = context;
    }
  }

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** The limit every delivery verticle of this Vert.x shares. */
  static ConnectionLimit shared(Vertx vertx, int max) {
    return vertx
        .sharedData()
        .<String, ConnectionLimit>getLocalMap("hookrelay.delivery")
        .computeIfAbsent("connectionLimit", k -> new ConnectionLimit(max));
  }

  int used() {
    return used.get();
  }

  int waiting() {
    return waiters.size();
  }

  /**
   * A slot, at once or once one is free, on the caller's context; fails with a {@link
   * TimeoutException} after {@code timeoutMs}.
   */
  Future<Void> acquire(Context context, long timeoutMs) {
    if (waiters.isEmpty() && tryAcquire()) {
      return Future.succeededFuture();
    }
    if (timeoutMs <= 0) {
      return Future.failedFuture(new TimeoutException("no delivery connection free"));
    }
    Waiter waiter = new Waiter(context);
    waiter.timer =
        context
            .owner()
            .setTimer(
                timeoutMs,
                id -> {
                  if (waiter.settled.compareAndSet(false, true)) {
                    waiters.remove(waiter);
                    waiter.slot.fail(new TimeoutException("no delivery connection free"));
                  }
                });
    waiters.add(waiter);
    handOver();
    if (!waiter.settled.get()) {
      askForIdle(0);
    }
    return waiter.slot.future();
  }

  /** Counts a connection that was opened without a slot (one replacing a closed one). */
  void forceAcquire() {
    used.incrementAndGet();
  }

  /** Gives a slot back (a connection closed, or a reserved one was not needed). */
  void release() {
    used.decrementAndGet();
    handOver();
  }

  /** Registers a verticle that can close an idle connection when others wait for a slot. */
  void register(Idle verticle) {
    idle.add(verticle);
  }

  void unregister(Idle verticle) {
    idle.remove(verticle);
  }

  private boolean tryAcquire() {
    for (; ; ) {
      int now = used.get();
      if (now >= max) {
        return false;
      }
      if (used.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Passes free slots to the waiters, oldest first. */
  private void handOver() {
    while (!waiters.isEmpty() && tryAcquire()) {
      Waiter waiter = waiters.poll();
      if (waiter == null || !waiter.settled.compareAndSet(false, true)) {
        used.decrementAndGet(); // nobody to give it to after all
        continue;
      }
      waiter.context.runOnContext(
          v -> {
            waiter.context.owner().cancelTimer(waiter.timer);
            waiter.slot.complete();
          });
    }
  }

  /** Asks the verticles in turn, from the {@code i}-th, until one closes an idle connection. */
  private void askForIdle(int i) {
    if (i >= idle.size() || waiters.isEmpty()) {
      return;
    }
    Idle verticle = idle.get(i);
    verticle
        .context()
        .runOnContext(
            v -> {
              if (!verticle.closeOne().getAsBoolean()) {
                askForIdle(i + 1);
              }
            });
  }
}
