package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.StoreUnavailableException;
import io.hookrelay.store.TenantStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.ConnectException;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The PostgreSQL store's error boundary")
class PgErrorsTest {

  @Test
  @DisplayName(
      "A store whose database cannot be reached fails with the store's own 'unavailable' error, the driver's cause kept")
  void unreachable(Vertx vertx, VertxTestContext ctx) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(
                new PgConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(closedPort)
                    .setUser("postgres")
                    .setDatabase("postgres"))
            .using(vertx)
            .build();
    TenantStore tenants = PgErrors.atBoundary(TenantStore.class, new PgTenantStore(pool));
    tenants
        .get("t1")
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(e).isInstanceOf(StoreUnavailableException.class);
                          assertThat(e.getCause()).isNotNull();
                          assertThat(PgErrors.isUnavailable(e.getCause())).isTrue();
                          pool.close();
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("Only a failure about reaching the database counts as unavailable")
  void otherFailuresPass() {
    assertThat(PgErrors.isUnavailable(new IllegalStateException("a bug"))).isFalse();
    assertThat(PgErrors.isUnavailable(new ConnectException("refused"))).isTrue();
  }
}
