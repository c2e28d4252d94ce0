package io.hookrelay.app;

import io.hookrelay.config.ConfigException;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Starts the PostgreSQL store. */
final class PostgresBoot {

  private PostgresBoot() {
  }

  static Future<Stores> start(Vertx vertx, HookrelayConfig.Postgres config, String node) {
    return Future.failedFuture(new ConfigException("store.type", "postgres is not part of this build yet"));
  }
}
