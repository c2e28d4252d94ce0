package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
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

  /** What a created tenant's cuid and an unknown cuid find. */
  private record Lookup(Optional<Tenant> known, Optional<Tenant> unknown) {}

  @Test
  @DisplayName("A created tenant reads back as it was, and an unknown cuid finds nothing")
  void tenantRoundTrip(VertxTestContext ctx) {
    Tenant tenant = new Tenant(Cuid.next(), "Acme", true, now());
    Future<Lookup> read =
        stores
            .tenants()
            .create(tenant)
            .compose(created -> stores.tenants().get(tenant.cuid()))
            .compose(
                known -> stores.tenants().get(Cuid.next()).map(none -> new Lookup(known, none)));
    expect(
        ctx,
        read,
        r -> {
          assertThat(r.known()).contains(tenant);
          assertThat(r.unknown()).isEmpty();
        });
  }

  /** The answers of switching off, reading back, switching on, and switching an unknown tenant. */
  private record Switches(
      Optional<Tenant> off,
      Optional<Tenant> readAfterOff,
      Optional<Tenant> on,
      Optional<Tenant> unknown) {}

  @Test
  @DisplayName(
      "Switching a tenant's webhooks off and on is stored, and an unknown tenant answers empty")
  void tenantWebhooksEnabled(VertxTestContext ctx) {
    Tenant tenant = new Tenant(Cuid.next(), "Acme", true, now());
    TenantStore tenants = stores.tenants();
    Future<Switches> steps =
        tenants
            .create(tenant)
            .compose(t -> tenants.setWebhooksEnabled(tenant.cuid(), false))
            .compose(
                off ->
                    tenants
                        .get(tenant.cuid())
                        .compose(
                            read ->
                                tenants
                                    .setWebhooksEnabled(tenant.cuid(), true)
                                    .compose(
                                        on ->
                                            tenants
                                                .setWebhooksEnabled(Cuid.next(), true)
                                                .map(
                                                    unknown ->
                                                        new Switches(off, read, on, unknown)))));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.off()).contains(tenant.withWebhooksEnabled(false));
          assertThat(r.readAfterOff()).contains(tenant.withWebhooksEnabled(false));
          assertThat(r.on()).contains(tenant);
          assertThat(r.unknown()).isEmpty();
        });
  }

  /** The tenants three token hashes and an unknown hash find. */
  private record ByHash(
      Optional<Tenant> hash1,
      Optional<Tenant> hash2,
      Optional<Tenant> hash3,
      Optional<Tenant> unknown) {}

  @Test
  @DisplayName(
      "A token hash finds its tenant, several tokens may serve one tenant, and an unknown hash finds nothing")
  void tokens(VertxTestContext ctx) {
    Tenant acme = new Tenant(Cuid.next(), "Acme", true, now());
    Tenant other = new Tenant(Cuid.next(), "Other", false, now());
    TenantStore tenants = stores.tenants();
    Future<ByHash> found =
        tenants
            .create(acme)
            .compose(t -> tenants.create(other))
            .compose(
                t ->
                    tenants.addToken(
                        new ApiToken(Cuid.next(), acme.cuid(), "hash-1", null, now(), null)))
            .compose(
                v ->
                    tenants.addToken(
                        new ApiToken(Cuid.next(), acme.cuid(), "hash-2", null, now(), null)))
            .compose(
                v ->
                    tenants.addToken(
                        new ApiToken(Cuid.next(), other.cuid(), "hash-3", null, now(), null)))
            .compose(
                v -> {
                  Future<Optional<Tenant>> h1 = tenants.findByTokenHash("hash-1");
                  Future<Optional<Tenant>> h2 = tenants.findByTokenHash("hash-2");
                  Future<Optional<Tenant>> h3 = tenants.findByTokenHash("hash-3");
                  Future<Optional<Tenant>> none = tenants.findByTokenHash("hash-unknown");
                  return Future.all(h1, h2, h3, none)
                      .map(all -> new ByHash(h1.result(), h2.result(), h3.result(), none.result()));
                });
    expect(
        ctx,
        found,
        r -> {
          assertThat(r.hash1()).contains(acme);
          assertThat(r.hash2()).contains(acme);
          assertThat(r.hash3()).contains(other);
          assertThat(r.unknown()).isEmpty();
        });
  }
}
