package io.hookrelay.support;

import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * The number of timers a Vert.x instance holds right now (one-shot timers not yet fired or
 * cancelled, and periodic ones), read from Vert.x 5's own timer table. Vert.x has no public count,
 * so this reads the private field {@code VertxImpl.timeouts}; it fails loudly if a Vert.x upgrade
 * moves it.
 */
public final class LiveTimers {

  private LiveTimers() {}

  public static int count(Vertx vertx) {
    for (Class<?> c = vertx.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("timeouts");
        field.setAccessible(true);
        return ((Map<?, ?>) field.get(vertx)).size();
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read the timers of " + vertx.getClass(), e);
      }
    }
    throw new IllegalStateException(vertx.getClass() + " has no timer table 'timeouts'");
  }
}
