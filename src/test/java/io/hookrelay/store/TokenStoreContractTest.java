package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every store must do with API tokens (API.md "Second round / Tokens"): list a tenant's tokens
 * oldest first, delete one so that it no longer authenticates, record when one was last used. Every
 * test starts from an empty store; one subclass per store.
 */
@ExtendWith(VertxExtension.class)
public abstract class TokenStoreContractTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.000Z");

  private TenantStore tenants;
  private Tenant acme;
  private Tenant other;

  /** An empty store for the next test. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    acme = new Tenant(Cuid.next(), "Acme", true, T0);
    other = new Tenant(Cuid.next(), "Other", true, T0);
    freshStores(vertx)
        .compose(
            stores -> {
              tenants = stores.tenants();
              return tenants.create(acme).compose(t -> tenants.create(other));
            })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static ApiToken token(Tenant tenant, String hash, Instant createdAt) {
    return new ApiToken(
        Cuid.next(), tenant.cuid(), hash, "hr_" + hash.substring(0, 4), createdAt, null);
  }

  private static <T> void expect(VertxTestContext ctx, Future<T> future, Check<T> check) {
    future.onComplete(
        ctx.succeeding(
            value ->
                ctx.verify(
                    () -> {
                      check.accept(value);
                      ctx.completeNow();
                    })));
  }

  private interface Check<T> {
    void accept(T value) throws Throwable;
  }

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the tenant store for the next step, and a chain ends with {@code .map(seen)}. Yes-or-no answers
   * are boxed, so one that no step recorded fails its assertion instead of reading as false.
   */
  private final class Seen {
    Boolean deleted;
    Boolean deletedAgain;
    Optional<Tenant> byDeleted;
    Optional<Tenant> byKept;
    List<ApiToken> tokens;
    List<ApiToken> tokensUsed;
    List<ApiToken> tokensUsedLater;

    TenantStore deleted(Boolean v) {
      deleted = v;
      return tenants;
    }

    TenantStore deletedAgain(Boolean v) {
      deletedAgain = v;
      return tenants;
    }

    TenantStore byDeleted(Optional<Tenant> v) {
      byDeleted = v;
      return tenants;
    }

    TenantStore byKept(Optional<Tenant> v) {
      byKept = v;
      return tenants;
    }

    TenantStore tokens(List<ApiToken> v) {
      tokens = v;
      return tenants;
    }

    TenantStore tokensUsed(List<ApiToken> v) {
      tokensUsed = v;
      return tenants;
    }

    TenantStore tokensUsedLater(List<ApiToken> v) {
      tokensUsedLater = v;
      return tenants;
    }
  }

  @Test
  @DisplayName(
      "A tenant's tokens are listed oldest first, with cuid, prefix and times, and only its own")
  void listed(VertxTestContext ctx) {
    ApiToken first = token(acme, "aaaa1111", T0);
    ApiToken second = token(acme, "bbbb2222", T0.plusSeconds(5));
    ApiToken others = token(other, "cccc3333", T0.plusSeconds(1));
    Future<List<ApiToken>> listed =
        tenants
            .addToken(second)
            .compose(v -> tenants.addToken(others))
            .compose(v -> tenants.addToken(first))
            .compose(v -> tenants.tokens(acme.cuid()));

    expect(ctx, listed, tokens -> assertThat(tokens).containsExactly(first, second));
  }

  @Test
  @DisplayName("A deleted token no longer finds its tenant; the tenant's other tokens still do")
  void deleted(VertxTestContext ctx) {
    ApiToken doomed = token(acme, "dddd4444", T0);
    ApiToken kept = token(acme, "eeee5555", T0.plusSeconds(1));
    Seen seen = new Seen();
    Future<Seen> steps =
        tenants
            .addToken(doomed)
            .compose(v -> tenants.addToken(kept))
            .compose(v -> tenants.deleteToken(acme.cuid(), doomed.cuid()))
            .compose(deleted -> seen.deleted(deleted).findByTokenHash(doomed.hash()))
            .compose(found -> seen.byDeleted(found).findByTokenHash(kept.hash()))
            .compose(found -> seen.byKept(found).tokens(acme.cuid()))
            .compose(tokens -> seen.tokens(tokens).deleteToken(acme.cuid(), doomed.cuid()))
            .map(deleted -> seen.deletedAgain(deleted))
            .map(seen);

    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.deleted).isTrue();
          assertThat(r.byDeleted).isEqualTo(Optional.empty());
          assertThat(r.byKept).isEqualTo(Optional.of(acme));
          assertThat(r.tokens).isEqualTo(List.of(kept));
          assertThat(r.deletedAgain).as("deleting it again").isFalse();
        });
  }

  @Test
  @DisplayName("A token is deleted only through its own tenant")
  void deletedOnlyByItsTenant(VertxTestContext ctx) {
    ApiToken acmes = token(acme, "ffff6666", T0);
    Seen seen = new Seen();
    Future<Seen> steps =
        tenants
            .addToken(acmes)
            .compose(v -> tenants.deleteToken(other.cuid(), acmes.cuid()))
            .compose(deleted -> seen.deleted(deleted).findByTokenHash(acmes.hash()))
            .map(found -> seen.byKept(found))
            .map(seen);

    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.deleted).as("deleted by another tenant").isFalse();
          assertThat(r.byKept).isEqualTo(Optional.of(acme));
        });
  }

  @Test
  @DisplayName(
      "lastUsedAt is empty until the first use, then follows later uses and never goes back")
  void lastUsed(VertxTestContext ctx) {
    ApiToken t = token(acme, "abcd7777", T0);
    Instant used = T0.plus(1, ChronoUnit.MINUTES);
    Instant later = T0.plus(2, ChronoUnit.MINUTES);
    Seen seen = new Seen();
    Future<Seen> steps =
        tenants
            .addToken(t)
            .compose(v -> tenants.tokens(acme.cuid()))
            .compose(tokens -> seen.tokens(tokens).tokenUsed(t.hash(), used))
            .compose(v -> tenants.tokens(acme.cuid()))
            .compose(tokens -> seen.tokensUsed(tokens).tokenUsed(t.hash(), later))
            .compose(v -> tenants.tokenUsed(t.hash(), used))
            .compose(v -> tenants.tokenUsed("no-such-hash", later))
            .compose(v -> tenants.tokens(acme.cuid()))
            .map(tokens -> seen.tokensUsedLater(tokens))
            .map(seen);

    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.tokens).singleElement().extracting(ApiToken::lastUsedAt).isNull();
          assertThat(r.tokensUsed).singleElement().extracting(ApiToken::lastUsedAt).isEqualTo(used);
          assertThat(r.tokensUsedLater)
              .as("used later, then earlier again")
              .singleElement()
              .extracting(ApiToken::lastUsedAt)
              .isEqualTo(later);
        });
  }
}
