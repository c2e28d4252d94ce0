package io.hookrelay.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/** Runs test code on a Vert.x context, as a verticle's code runs on its event loop. */
public final class OnLoop {

  private OnLoop() {}

  /** The future {@code action} returns, started on {@code context}. */
  public static <T> Future<T> run(Context context, Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }
}
