package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tenant store: tenants, their switch and their tokens, run against each store by a subclass.
 */
public abstract class TenantStoreContractTest extends StoreContract {

  protected TenantStoreContractTest(ContractStores source) {
    super(source);
  }

  @Test
  @DisplayName("A created tenant reads back as it was, and an unknown cuid finds nothing")
  void tenantRoundTrip(VertxTestContext ctx) {
    Tenant tenant = new Tenant(Cuid.next(), "Acme", true, now());
    Future<List<Optional<Tenant>>> read =
        stores
            .tenants()
            .create(tenant)
            .compose(
                created ->
                    both(stores.tenants().get(tenant.cuid()), stores.tenants().get(Cuid.next())));
    expect(
        ctx,
        read,
        r -> {
          assertThat(r.get(0)).contains(tenant);
          assertThat(r.get(1)).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "Switching a tenant's webhooks off and on is stored, and an unknown tenant answers empty")
  void tenantWebhooksEnabled(VertxTestContext ctx) {
    Tenant tenant = new Tenant(Cuid.next(), "Acme", true, now());
    Future<List<Optional<Tenant>>> steps =
        stores
            .tenants()
            .create(tenant)
            .compose(t -> stores.tenants().setWebhooksEnabled(tenant.cuid(), false))
            .compose(off -> stores.tenants().get(tenant.cuid()).map(read -> List.of(off, read)))
            .compose(
                r ->
                    stores.tenants().setWebhooksEnabled(tenant.cuid(), true).map(on -> plus(r, on)))
            .compose(
                r ->
                    stores
                        .tenants()
                        .setWebhooksEnabled(Cuid.next(), true)
                        .map(unknown -> plus(r, unknown)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).contains(tenant.withWebhooksEnabled(false));
          assertThat(r.get(1)).contains(tenant.withWebhooksEnabled(false));
          assertThat(r.get(2)).contains(tenant);
          assertThat(r.get(3)).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "A token hash finds its tenant, several tokens may serve one tenant, and an unknown hash finds nothing")
  void tokens(VertxTestContext ctx) {
    Tenant acme = new Tenant(Cuid.next(), "Acme", true, now());
    Tenant other = new Tenant(Cuid.next(), "Other", false, now());
    Future<List<Optional<Tenant>>> found =
        stores
            .tenants()
            .create(acme)
            .compose(t -> stores.tenants().create(other))
            .compose(
                t ->
                    stores
                        .tenants()
                        .addToken(
                            new ApiToken(Cuid.next(), acme.cuid(), "hash-1", null, now(), null)))
            .compose(
                v ->
                    stores
                        .tenants()
                        .addToken(
                            new ApiToken(Cuid.next(), acme.cuid(), "hash-2", null, now(), null)))
            .compose(
                v ->
                    stores
                        .tenants()
                        .addToken(
                            new ApiToken(Cuid.next(), other.cuid(), "hash-3", null, now(), null)))
            .compose(
                v ->
                    Future.all(
                            List.of(
                                stores.tenants().findByTokenHash("hash-1"),
                                stores.tenants().findByTokenHash("hash-2"),
                                stores.tenants().findByTokenHash("hash-3"),
                                stores.tenants().findByTokenHash("hash-unknown")))
                        .map(all -> all.<Optional<Tenant>>list()));
    expect(
        ctx,
        found,
        r -> {
          assertThat(r.get(0)).contains(acme);
          assertThat(r.get(1)).contains(acme);
          assertThat(r.get(2)).contains(other);
          assertThat(r.get(3)).isEmpty();
        });
  }
}
