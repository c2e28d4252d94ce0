package io.hookrelay.store.pg;

import io.hookrelay.store.ContractStores;
import io.hookrelay.store.Quotas;
import io.hookrelay.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The PostgreSQL stores of one contract test class: a database of the class's own, migrated and
 * opened before its first test, emptied before each test, dropped after the last.
 */
public final class PgContractStores implements ContractStores {

  private final String name;
  private final Quotas quotas;
  private PgTestDatabase database;
  private Stores stores;

  /** {@code name} names the connections ({@code application_name}). */
  public PgContractStores(String name) {
    this(name, Quotas.NONE);
  }

  /** As above, the stores enforcing {@code quotas}. */
  public PgContractStores(String name, Quotas quotas) {
    this.name = name;
    this.quotas = quotas;
  }

  @Override
  public Future<Void> open(Vertx vertx) {
    database = PgTestDatabase.create();
    return PgStores.create(vertx, database.config(), name, quotas, () -> {})
        .map(
            s -> {
              stores = s;
              return null;
            });
  }

  @Override
  public Future<Stores> fresh(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          database.execute("TRUNCATE tenants, tokens, webhooks, deliveries, events, attempts");
          return stores;
        });
  }

  @Override
  public boolean keepsFinishedDeliveries() {
    return true;
  }

  @Override
  public void close() {
    if (stores != null) {
      stores.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
