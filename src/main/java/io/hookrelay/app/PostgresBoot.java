package io.hookrelay.app;

import io.hookrelay.Addresses;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.store.Quotas;
import io.hookrelay.store.Stores;
import io.hookrelay.store.pg.PgStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Starts the PostgreSQL store: migrations, the shared pool, and LISTEN for new deliveries. */
final class PostgresBoot {

  private PostgresBoot() {}

  static Future<Stores> start(
      Vertx vertx, HookrelayConfig.Postgres config, String node, Quotas quotas) {
    return PgStores.create(
        vertx,
        config,
        node,
        quotas,
        () -> vertx.eventBus().publish(Addresses.DELIVERIES_READY, null));
  }
}
