package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.ApiToken;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Tenant;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every store must do, run against each store by a subclass. Every test starts from an empty
 * store ({@link #freshStores}), so claims see only the test's own deliveries.
 */
@ExtendWith(VertxExtension.class)
public abstract class StoreContractTest {

  protected static final Duration LEASE = Duration.ofMinutes(1);
  protected static final Instant LONG_AGO = Instant.EPOCH;
  protected static final String EVENT = "ReportPublished";
  protected static final int MAX_RETRIES = 5;
  private static final long WAIT_MS = 10_000;

  protected Vertx vertx;
  protected Stores stores;

  /** An empty store for the next test. */
  protected abstract Future<Stores> freshStores(Vertx vertx);

  /**
   * Whether succeeded and cancelled deliveries stay readable (and retryable) until retention
   * removes them. The memory store drops them at once; their attempts stay in the log.
   */
  protected abstract boolean keepsFinishedDeliveries();

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    freshStores(vertx)
        .onComplete(
            ctx.succeeding(
                s -> {
                  stores = s;
                  ctx.completeNow();
                }));
  }

  // ---- tenants ---------------------------------------------------------------------------------

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

  // ---- webhooks --------------------------------------------------------------------------------

  @Test
  @DisplayName(
      "A created webhook reads back with every field, the secret included, by tenant and by cuid alone")
  void webhookRoundTrip(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w =
        new Webhook(
            Cuid.next(),
            tenant,
            List.of(Cuid.next(), Cuid.next()),
            "Publish hook",
            "https://example.com/hooks?x=1",
            false,
            List.of("ReportPublished", "FindingPublished"),
            true,
            "s3cr3t",
            null,
            2,
            now().minusSeconds(60),
            now());
    Future<List<Optional<Webhook>>> read =
        stores
            .webhooks()
            .create(w)
            .compose(
                created ->
                    both(
                        stores.webhooks().get(tenant, w.cuid()), stores.webhooks().find(w.cuid())));
    expect(
        ctx,
        read,
        r -> {
          assertThat(r.get(0)).contains(w);
          assertThat(r.get(1)).contains(w);
          assertThat(r.get(0).orElseThrow().secret()).isEqualTo("s3cr3t");
        });
  }

  @Test
  @DisplayName("Another tenant can neither read, update nor delete a webhook")
  void webhookTenantScoping(VertxTestContext ctx) {
    Webhook w = webhook(Cuid.next());
    String intruder = Cuid.next();
    Webhook hijacked =
        new Webhook(
            w.cuid(),
            intruder,
            List.of(),
            "mine now",
            "https://evil.example",
            true,
            List.of(EVENT),
            true,
            null,
            null,
            0,
            now(),
            now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x -> stores.webhooks().get(intruder, w.cuid()).map(got -> List.<Object>of(got)))
            .compose(
                r ->
                    stores
                        .webhooks()
                        .update(intruder, w.cuid(), x -> hijacked)
                        .map(updated -> plus(r, updated)))
            .compose(
                r -> stores.webhooks().delete(intruder, w.cuid()).map(deleted -> plus(r, deleted)))
            .compose(
                r -> stores.webhooks().list(intruder, 0, 25).map(page -> plus(r, page.total())))
            .compose(
                r -> stores.webhooks().get(w.tenantCuid(), w.cuid()).map(still -> plus(r, still)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(Optional.empty());
          assertThat(r.get(1)).isEqualTo(Optional.empty());
          assertThat(r.get(2)).isEqualTo(false);
          assertThat(r.get(3)).isEqualTo(0L);
          assertThat(r.get(4)).isEqualTo(Optional.of(w));
        });
  }

  @Test
  @DisplayName("Listing pages through one tenant's webhooks newest first and counts them all")
  void webhookPaging(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = now().minusSeconds(100);
    List<Webhook> mine =
        IntStream.range(0, 5).mapToObj(i -> webhookAt(tenant, t0.plusSeconds(i))).toList();
    Future<Void> created =
        createAll(shuffled(mine))
            .compose(v -> stores.webhooks().create(webhook(Cuid.next())))
            .mapEmpty();
    Future<List<Page<Webhook>>> pages =
        created.compose(
            v ->
                Future.all(
                        List.of(
                            stores.webhooks().list(tenant, 0, 2),
                            stores.webhooks().list(tenant, 2, 2),
                            stores.webhooks().list(tenant, 4, 2),
                            stores.webhooks().list(tenant, 10, 2),
                            stores.webhooks().list(tenant, 0, 100)))
                    .map(all -> all.<Page<Webhook>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(mine.get(4), mine.get(3));
          assertThat(p.get(1).items()).containsExactly(mine.get(2), mine.get(1));
          assertThat(p.get(2).items()).containsExactly(mine.get(0));
          assertThat(p.get(3).items()).isEmpty();
          assertThat(p.get(4).items()).hasSize(5);
          assertThat(p).allSatisfy(page -> assertThat(page.total()).isEqualTo(5));
        });
  }

  @Test
  @DisplayName("Webhooks created in the same millisecond are listed by cuid, highest first")
  void webhookPagingTies(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant at = now();
    List<Webhook> same = IntStream.range(0, 4).mapToObj(i -> webhookAt(tenant, at)).toList();
    List<String> expected =
        same.stream().map(Webhook::cuid).sorted((a, b) -> b.compareTo(a)).toList();
    Future<Page<Webhook>> page =
        createAll(same).compose(v -> stores.webhooks().list(tenant, 0, 10));
    expect(
        ctx,
        page,
        p -> assertThat(p.items()).extracting(Webhook::cuid).containsExactlyElementsOf(expected));
  }

  @Test
  @DisplayName("all() returns the webhooks of every tenant")
  void webhookAll(VertxTestContext ctx) {
    List<Webhook> hooks = List.of(webhook(Cuid.next()), webhook(Cuid.next()), webhook(Cuid.next()));
    Future<List<Webhook>> all = createAll(hooks).compose(v -> stores.webhooks().all());
    expect(ctx, all, r -> assertThat(r).containsExactlyInAnyOrderElementsOf(hooks));
  }

  @Test
  @DisplayName(
      "An update replaces the stored webhook, and updating an unknown webhook creates nothing")
  void webhookUpdate(VertxTestContext ctx) {
    Webhook w = webhook(Cuid.next());
    Webhook changed =
        new Webhook(
            w.cuid(),
            w.tenantCuid(),
            List.of(Cuid.next()),
            "renamed",
            "https://other.example/in",
            false,
            List.of("FindingPublished"),
            false,
            null,
            "paused by hand",
            3,
            w.createdAt(),
            w.updatedAt().plusSeconds(5));
    Webhook unknown = webhook(w.tenantCuid());
    Future<List<Optional<Webhook>>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.webhooks().update(w.tenantCuid(), w.cuid(), x1 -> changed))
            .compose(
                updated ->
                    stores
                        .webhooks()
                        .get(w.tenantCuid(), w.cuid())
                        .map(read -> List.of(updated, read)))
            .compose(
                r ->
                    stores
                        .webhooks()
                        .update(unknown.tenantCuid(), unknown.cuid(), x -> unknown)
                        .map(u -> plus(r, u)))
            .compose(r -> stores.webhooks().find(unknown.cuid()).map(u -> plus(r, u)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).contains(changed);
          assertThat(r.get(1)).contains(changed);
          assertThat(r.get(2)).isEmpty();
          assertThat(r.get(3)).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "Deleting a webhook removes it once and cancels its pending deliveries, not other webhooks'")
  void webhookDelete(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook doomed = webhook(tenant);
    Webhook kept = webhook(tenant);
    Event e = event(tenant, null, now());
    List<Delivery> ds = deliveries(e, doomed, kept);
    Future<List<Object>> steps =
        createAll(List.of(doomed, kept))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(
                r ->
                    stores
                        .webhooks()
                        .delete(tenant, doomed.cuid())
                        .map(first -> List.<Object>of(first)))
            .compose(
                r -> stores.webhooks().delete(tenant, doomed.cuid()).map(again -> plus(r, again)))
            .compose(r -> stores.webhooks().get(tenant, doomed.cuid()).map(gone -> plus(r, gone)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().get(ds.get(0).cuid()).map(d -> plus(r, d)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(true);
          assertThat(r.get(1)).isEqualTo(false);
          assertThat(r.get(2)).isEqualTo(Optional.empty());
          assertThat(r.get(3)).isEqualTo(1L);
          assertThat(jobs(r.get(4)))
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(kept.cuid());
          assertFinished(delivery(r.get(5)), Delivery.Status.CANCELLED);
        });
  }

  // ---- accepting events ------------------------------------------------------------------------

  @Test
  @DisplayName(
      "An accepted event's deliveries are claimed with the event body and the webhook's target and secret")
  void acceptThenClaim(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook signed =
        new Webhook(
            Cuid.next(),
            tenant,
            List.of(),
            "signed",
            "https://a.example/in",
            false,
            List.of(EVENT),
            true,
            "whsec_abc",
            null,
            0,
            now(),
            now());
    Webhook plain = webhook(tenant);
    Event e = event(tenant, null, now().minusMillis(5));
    List<Delivery> ds = deliveries(e, signed, plain);
    Future<List<Object>> steps =
        createAll(List.of(signed, plain))
            .compose(
                v ->
                    stores
                        .events()
                        .accept(e, ds, LONG_AGO)
                        .map(receipt -> List.<Object>of(receipt)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().get(ds.get(1).cuid()).map(d -> plus(r, d)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(e.cuid(), 2, false));
          assertThat(r.get(1)).isEqualTo(2L);
          List<DeliveryJob> jobs = jobs(r.get(2));
          assertThat(jobs)
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(ds.get(0).cuid(), ds.get(1).cuid());
          DeliveryJob first = jobs.get(0);
          assertThat(first.tenantCuid()).isEqualTo(tenant);
          assertThat(first.eventCuid()).isEqualTo(e.cuid());
          assertThat(first.webhookCuid()).isEqualTo(signed.cuid());
          assertThat(first.event()).isEqualTo(EVENT);
          assertThat(first.attempt()).isEqualTo(1);
          assertThat(first.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(first.url()).isEqualTo("https://a.example/in");
          assertThat(first.secret()).isEqualTo("whsec_abc");
          assertThat(first.sslVerification()).isFalse();
          assertThat(first.body()).isEqualTo(e.body());
          assertThat(jobs.get(1).secret()).isNull();
          assertThat(jobs.get(1).sslVerification()).isTrue();
          assertThat(jobs.get(1).body()).isEqualTo(e.body());
          assertThat(delivery(r.get(3))).contains(ds.get(1));
        });
  }

  @Test
  @DisplayName(
      "An event no webhook wants is accepted with zero deliveries, and its key still replays")
  void acceptWithoutDeliveries(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Event first = event(tenant, "only-once", now());
    Event again = event(tenant, "only-once", now());
    Future<List<Object>> steps =
        stores
            .events()
            .accept(first, List.of(), LONG_AGO)
            .map(r -> List.<Object>of(r))
            .compose(r -> stores.events().accept(again, List.of(), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(first.cuid(), 0, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(first.cuid(), 0, true));
          assertThat(r.get(2)).isEqualTo(0L);
        });
  }

  @Test
  @DisplayName(
      "The same idempotency key within the window answers with the first receipt and stores nothing new")
  void idempotentReplay(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook a = webhook(tenant);
    Webhook b = webhook(tenant);
    Event first = event(tenant, "evt-1", now().minusSeconds(30));
    Event second = event(tenant, "evt-1", now());
    Future<List<Object>> steps =
        createAll(List.of(a, b))
            .compose(
                v ->
                    stores
                        .events()
                        .accept(first, deliveries(first, a, b), now().minusSeconds(3600)))
            .map(r -> List.<Object>of(r))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(second, deliveries(second, a), now().minusSeconds(3600))
                        .map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(first.cuid(), 2, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(first.cuid(), 2, true));
          assertThat(r.get(2)).isEqualTo(2L);
          assertThat(jobs(r.get(3))).extracting(DeliveryJob::eventCuid).containsOnly(first.cuid());
        });
  }

  @Test
  @DisplayName("Idempotency keys belong to a tenant: another tenant may use the same key")
  void idempotencyPerTenant(VertxTestContext ctx) {
    Event mine = event(Cuid.next(), "shared-key", now());
    Event theirs = event(Cuid.next(), "shared-key", now());
    Future<List<Receipt>> r =
        stores
            .events()
            .accept(mine, List.of(), LONG_AGO)
            .compose(
                x -> stores.events().accept(theirs, List.of(), LONG_AGO).map(y -> List.of(x, y)));
    expect(
        ctx,
        r,
        receipts ->
            assertThat(receipts)
                .containsExactly(
                    new Receipt(mine.cuid(), 0, false), new Receipt(theirs.cuid(), 0, false)));
  }

  @Test
  @DisplayName(
      "A key first used before the window opened is a new event, which the key then replays")
  void idempotencyWindow(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Instant windowStart = now().minusSeconds(3600);
    Event old = event(tenant, "k", now().minusSeconds(7200));
    Event fresh = event(tenant, "k", now().minusSeconds(10));
    Event replay = event(tenant, "k", now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(old, deliveries(old, w), LONG_AGO))
            .map(r -> List.<Object>of(r))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(fresh, deliveries(fresh, w), windowStart)
                        .map(x -> plus(r, x)))
            .compose(
                r ->
                    stores
                        .events()
                        .accept(replay, deliveries(replay, w), windowStart)
                        .map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(old.cuid(), 1, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(fresh.cuid(), 1, false));
          assertThat(r.get(2)).isEqualTo(new Receipt(fresh.cuid(), 1, true));
          assertThat(r.get(3)).isEqualTo(2L);
        });
  }

  @Test
  @DisplayName("Events without an idempotency key are never replayed")
  void noKeyNoReplay(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event a = event(tenant, null, now());
    Event b = event(tenant, null, now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(a, deliveries(a, w), LONG_AGO))
            .map(r -> List.<Object>of(r))
            .compose(
                r -> stores.events().accept(b, deliveries(b, w), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new Receipt(a.cuid(), 1, false));
          assertThat(r.get(1)).isEqualTo(new Receipt(b.cuid(), 1, false));
          assertThat(r.get(2)).isEqualTo(2L);
        });
  }

  @Test
  @DisplayName(
      "Producers racing with one idempotency key store exactly one event and all get its receipt")
  void idempotencyRace(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> racers = IntStream.range(0, 8).mapToObj(i -> event(tenant, "race", now())).toList();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(
                x ->
                    Future.all(
                        racers.stream()
                            .map(e -> stores.events().accept(e, deliveries(e, w), LONG_AGO))
                            .toList()))
            .map(all -> List.<Object>of(all.<Receipt>list()))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          @SuppressWarnings("unchecked")
          List<Receipt> receipts = (List<Receipt>) r.get(0);
          assertThat(receipts).filteredOn(x -> !x.replayed()).hasSize(1);
          String winner =
              receipts.stream().filter(x -> !x.replayed()).findFirst().orElseThrow().eventCuid();
          assertThat(receipts)
              .allSatisfy(
                  x -> {
                    assertThat(x.eventCuid()).isEqualTo(winner);
                    assertThat(x.deliveries()).isEqualTo(1);
                  });
          assertThat(r.get(1)).isEqualTo(1L);
        });
  }

  // ---- claiming --------------------------------------------------------------------------------

  @Test
  @DisplayName(
      "A claim takes the due deliveries oldest first, at most the batch size, and never hands one out twice")
  void claimOrderAndBatch(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 5)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(50 - i)))
            .toList();
    List<String> oldestFirst = new ArrayList<>();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(shuffled(events), w, oldestFirst, events))
            .compose(v -> claim("node-a", 3).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> claim("node-c", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(0, 3));
          assertThat(jobs(r.get(1)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(oldestFirst.subList(3, 5));
          assertThat(jobs(r.get(2))).isEmpty();
          assertThat(r.get(3)).as("claimed deliveries are still pending").isEqualTo(5L);
        });
  }

  @Test
  @DisplayName("Claimers racing each other never get the same delivery, and together get them all")
  void racingClaimers(VertxTestContext ctx) {
    String tenant = Cuid.next();
    List<Webhook> hooks = IntStream.range(0, 8).mapToObj(i -> webhook(tenant)).toList();
    List<Event> events =
        IntStream.range(0, 5)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    Future<List<DeliveryJob>> all =
        createAll(hooks)
            .compose(
                v ->
                    Future.all(
                        events.stream()
                            .map(
                                e ->
                                    stores
                                        .events()
                                        .accept(
                                            e,
                                            deliveries(e, hooks.toArray(Webhook[]::new)),
                                            LONG_AGO))
                            .toList()))
            .compose(
                v ->
                    Future.all(IntStream.range(0, 8).mapToObj(i -> claim("node-" + i, 5)).toList()))
            .map(racers -> racers.<List<DeliveryJob>>list().stream().flatMap(List::stream).toList())
            .compose(raced -> claim("node-last", 100).map(rest -> plus(raced, rest)));
    expect(
        ctx,
        all,
        jobs -> {
          assertThat(jobs).hasSize(40);
          assertThat(jobs).extracting(DeliveryJob::deliveryCuid).doesNotHaveDuplicates();
        });
  }

  @Test
  @DisplayName("Deliveries whose next attempt lies in the future are not claimed yet")
  void notDueNotClaimed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery later =
        new Delivery(
            Cuid.next(),
            tenant,
            e.cuid(),
            w.cuid(),
            EVENT,
            Delivery.Status.PENDING,
            0,
            6,
            now().plusSeconds(3600),
            now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(later), LONG_AGO))
            .compose(x -> claim("node-a", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).isEmpty();
          assertThat(r.get(1)).isEqualTo(1L);
        });
  }

  @Test
  @DisplayName(
      "A claim whose lease runs out passes to another node, and the first node's late outcome is ignored")
  void leaseExpiryHandOver(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(
                x ->
                    stores
                        .queue()
                        .claim("node-a", 10, Duration.ofMillis(1500))
                        .map(jobs -> List.<Object>of(jobs)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty())
                        .map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete(
                            "node-a", List.of(Outcome.retry(d.cuid(), w.cuid(), 1, now())), 100)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete("node-b", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 1)), 100)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(d.cuid());
          assertThat(jobs(r.get(1))).as("node-b while node-a's lease runs").isEmpty();
          assertThat(jobs(r.get(2)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactly(d.cuid());
          assertThat(jobs(r.get(2)).get(0).attempt()).isEqualTo(1);
          assertThat(r.get(4)).as("node-a's late outcome left node-b's claim alone").isEqualTo(1L);
          assertThat(r.get(6)).as("node-b's outcome finished it").isEqualTo(0L);
          assertFinished(delivery(r.get(7)), Delivery.Status.SUCCEEDED);
        });
  }

  @Test
  @DisplayName("Releasing a node hands back only that node's claims, at once")
  void release(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 3)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, new ArrayList<>(), events))
            .compose(v -> claim("node-a", 2))
            .compose(a -> claim("node-b", 2).map(b -> List.<Object>of(a, b)))
            .compose(r -> stores.queue().release("node-a").map(n -> plus(r, n)))
            .compose(r -> claim("node-c", 10).map(jobs -> plus(r, jobs)))
            .compose(r -> stores.queue().release("node-a").map(n -> plus(r, n)))
            .compose(r -> stores.queue().release("node-nobody").map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).hasSize(2);
          assertThat(jobs(r.get(1))).hasSize(1);
          assertThat(r.get(2)).isEqualTo(2);
          assertThat(jobs(r.get(3)))
              .extracting(DeliveryJob::deliveryCuid)
              .containsExactlyElementsOf(
                  jobs(r.get(0)).stream().map(DeliveryJob::deliveryCuid).toList());
          assertThat(r.get(4)).isEqualTo(0);
          assertThat(r.get(5)).isEqualTo(0);
        });
  }

  @Test
  @DisplayName(
      "A claim cancels, instead of returning, deliveries whose webhook was disabled or deleted")
  void claimCancelsDeadWebhooks(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook live = webhook(tenant);
    Webhook paused = webhook(tenant);
    Webhook deleted = webhook(tenant);
    Event e = event(tenant, null, now());
    List<Delivery> ds = deliveries(e, live, paused, deleted);
    Webhook pausedNow =
        new Webhook(
            paused.cuid(),
            tenant,
            List.of(),
            paused.name(),
            paused.url(),
            true,
            paused.events(),
            false,
            null,
            "paused",
            0,
            paused.createdAt(),
            now());
    Future<List<Object>> steps =
        createAll(List.of(live, paused, deleted))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(x -> stores.webhooks().delete(tenant, deleted.cuid()))
            .compose(x -> stores.webhooks().update(tenant, pausedNow.cuid(), x1 -> pausedNow))
            .compose(x -> stores.queue().release("node-a"))
            .compose(x -> claim("node-b", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(ds.get(1).cuid()).map(d -> plus(r, d)))
            .compose(r -> stores.queue().get(ds.get(2).cuid()).map(d -> plus(r, d)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0)))
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(live.cuid());
          assertThat(r.get(1)).isEqualTo(1L);
          assertFinished(delivery(r.get(2)), Delivery.Status.CANCELLED);
          assertFinished(delivery(r.get(3)), Delivery.Status.CANCELLED);
        });
  }

  // ---- completing ------------------------------------------------------------------------------

  @Test
  @DisplayName("A success finishes the delivery and resets the webhook's failure streak")
  void completeSucceeded(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(4);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 1)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          assertThat(found(r.get(1)).consecutiveFailures()).isZero();
          assertThat(found(r.get(1)).enabled()).isTrue();
          assertThat(r.get(2)).isEqualTo(0L);
          Optional<Delivery> done = delivery(r.get(3));
          assertFinished(done, Delivery.Status.SUCCEEDED);
          done.ifPresent(x -> assertThat(x.attempts()).isEqualTo(1));
          assertThat(jobs(r.get(4))).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "A retry keeps the delivery pending with its attempt count and hands it out again when it is due")
  void completeRetry(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(2);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Instant next = now().plusMillis(1500);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a", List.of(Outcome.retry(d.cuid(), w.cuid(), 1, next)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)))
            .compose(
                r ->
                    eventually(() -> claim("node-b", 10), jobs -> !jobs.isEmpty())
                        .map(jobs -> plus(r, jobs)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          Delivery pending = delivery(r.get(1)).orElseThrow();
          assertThat(pending.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(pending.attempts()).isEqualTo(1);
          assertThat(pending.nextAttemptAt()).isEqualTo(next);
          assertThat(jobs(r.get(2))).as("not due yet").isEmpty();
          DeliveryJob again = jobs(r.get(3)).get(0);
          assertThat(again.attempt()).isEqualTo(2);
          assertThat(again.maxAttempts()).isEqualTo(1 + MAX_RETRIES);
          assertThat(found(r.get(4)).consecutiveFailures())
              .as("a retry does not count")
              .isEqualTo(2);
        });
  }

  @Test
  @DisplayName("A deferred delivery goes back to the queue without counting an attempt")
  void completeDeferred(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(Outcome.deferred(d.cuid(), w.cuid(), 0, now().minusMillis(1))),
                            100))
            .compose(x -> claim("node-b", 10).map(jobs -> List.<Object>of(jobs)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(jobs(r.get(0))).extracting(DeliveryJob::attempt).containsExactly(1);
          assertThat(delivery(r.get(1)).orElseThrow().attempts()).isZero();
        });
  }

  @Test
  @DisplayName(
      "A delivery out of attempts fails, stays for a manual retry, and extends the webhook's streak")
  void completeFailed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(1);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          Delivery failed = delivery(r.get(1)).orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(6);
          assertThat(found(r.get(2)).consecutiveFailures()).isEqualTo(2);
          assertThat(found(r.get(2)).enabled()).isTrue();
          assertThat(r.get(3)).isEqualTo(0L);
        });
  }

  @Test
  @DisplayName(
      "Reaching the failure threshold disables the webhook, says why, and cancels its waiting deliveries")
  void autoDisable(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Webhook bystander = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 4)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> order = new ArrayList<>();
    Event other = event(tenant, null, now());
    Future<List<Object>> steps =
        createAll(List.of(w, bystander))
            .compose(x -> acceptEach(events, w, order, events))
            .compose(x -> stores.events().accept(other, deliveries(other, bystander), LONG_AGO))
            .compose(x -> claim("node-a", 3))
            .compose(
                jobs ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            jobs.stream()
                                .map(j -> Outcome.failed(j.deliveryCuid(), j.webhookCuid(), 6))
                                .toList(),
                            3))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(order.get(3)).map(x -> plus(r, x)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of(w.cuid()));
          Webhook disabled = found(r.get(1));
          assertThat(disabled.enabled()).isFalse();
          assertThat(disabled.consecutiveFailures()).isEqualTo(3);
          assertThat(disabled.disabledReason())
              .isEqualTo("disabled after 3 consecutive failed deliveries");
          assertThat(disabled.updatedAt()).isAfterOrEqualTo(w.updatedAt());
          assertFinished(delivery(r.get(2)), Delivery.Status.CANCELLED);
          assertThat(jobs(r.get(3)))
              .extracting(DeliveryJob::webhookCuid)
              .containsExactly(bystander.cuid());
        });
  }

  @Test
  @DisplayName(
      "Outcomes count in batch order: a success after failures clears them, failures after it count")
  void streakFollowsBatchOrder(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant).withConsecutiveFailures(5);
    List<Event> events =
        IntStream.range(0, 4)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> d = new ArrayList<>();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, d, events))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.failed(d.get(0), w.cuid(), 6),
                                Outcome.succeeded(d.get(1), w.cuid(), 1)),
                            7))
            .compose(x -> stores.webhooks().find(w.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.succeeded(d.get(2), w.cuid(), 1),
                                Outcome.failed(d.get(3), w.cuid(), 6)),
                            7)
                        .map(x -> r))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(found(r.get(0)).consecutiveFailures()).isZero();
          assertThat(found(r.get(1)).consecutiveFailures()).isEqualTo(1);
          assertThat(found(r.get(1)).enabled()).isTrue();
        });
  }

  @Test
  @DisplayName(
      "410 Gone disables the webhook with its reason once, and cancels its waiting deliveries")
  void completeGone(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    List<Event> events =
        IntStream.range(0, 3)
            .mapToObj(i -> event(tenant, null, now().minusSeconds(10 - i)))
            .toList();
    List<String> d = new ArrayList<>();
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(events, w, d, events))
            .compose(x -> claim("node-a", 2))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(
                                Outcome.gone(d.get(0), w.cuid(), 1, "receiver answered 410 Gone"),
                                Outcome.gone(d.get(1), w.cuid(), 1, "second 410")),
                            100))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(0)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(2)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of(w.cuid()));
          Webhook gone = found(r.get(1));
          assertThat(gone.enabled()).isFalse();
          assertThat(gone.disabledReason()).isEqualTo("receiver answered 410 Gone");
          assertThat(gone.consecutiveFailures())
              .as("a 410 does not count towards the streak")
              .isZero();
          Delivery failed = delivery(r.get(2)).orElseThrow();
          assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(failed.attempts()).isEqualTo(1);
          assertFinished(delivery(r.get(3)), Delivery.Status.CANCELLED);
          assertThat(r.get(4)).isEqualTo(0L);
        });
  }

  @Test
  @DisplayName("Outcomes for deliveries nobody holds (never claimed, or released) change nothing")
  void completeIgnoresUnclaimed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            List.of(Outcome.gone(d.cuid(), w.cuid(), 1, "never claimed")),
                            1))
            .map(disabled -> List.<Object>of(disabled))
            .compose(r -> claim("node-a", 10).map(x -> r))
            .compose(r -> stores.queue().release("node-a").map(x -> r))
            .compose(
                r ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 1)
                        .map(disabled -> plus(r, disabled)))
            .compose(r -> stores.webhooks().find(w.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.cuid()).map(x -> plus(r, x)))
            .compose(r -> claim("node-b", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(List.of());
          assertThat(r.get(1)).isEqualTo(List.of());
          assertThat(found(r.get(2))).isEqualTo(w);
          assertThat(delivery(r.get(3))).contains(d);
          assertThat(jobs(r.get(4))).extracting(DeliveryJob::attempt).containsExactly(1);
        });
  }

  // ---- retry, cancel, get, counts, retention ---------------------------------------------------

  @Test
  @DisplayName("A failed delivery can be sent again: pending now, with one more attempt allowed")
  void retryNowFailed(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.failed(d.cuid(), w.cuid(), 6)), 100))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          Delivery again = ((ManualRetry.Queued) r.get(0)).delivery();
          assertThat(again.status()).isEqualTo(Delivery.Status.PENDING);
          assertThat(again.attempts()).isEqualTo(6);
          assertThat(again.maxAttempts()).isEqualTo(7);
          assertThat(again.nextAttemptAt()).isBeforeOrEqualTo(Instant.now());
          DeliveryJob job = jobs(r.get(1)).get(0);
          assertThat(job.attempt()).isEqualTo(7);
          assertThat(job.maxAttempts()).isEqualTo(7);
          assertThat(job.body()).isEqualTo(e.body());
        });
  }

  @Test
  @DisplayName(
      "retryNow leaves a pending delivery as it is (not failed), and finds nothing unknown or of another tenant")
  void retryNowEdges(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> stores.queue().retryNow(Cuid.next(), d.cuid()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().retryNow(tenant, Cuid.next()).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.PENDING));
          assertThat(r.get(1)).isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.get(2)).isEqualTo(ManualRetry.NOT_FOUND);
          assertThat(r.get(3)).isEqualTo(1L);
        });
  }

  @Test
  @DisplayName("A succeeded delivery is never sent again on request: retryNow says it did not fail")
  void retryNowSucceeded(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> claim("node-a", 10))
            .compose(
                x ->
                    stores
                        .queue()
                        .complete("node-a", List.of(Outcome.succeeded(d.cuid(), w.cuid(), 2)), 100))
            .compose(x -> stores.queue().retryNow(tenant, d.cuid()).map(x1 -> List.<Object>of(x1)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(new ManualRetry.NotFailed(Delivery.Status.SUCCEEDED));
          assertThat(jobs(r.get(1))).isEmpty();
        });
  }

  @Test
  @DisplayName("cancelForWebhook cancels that webhook's waiting deliveries only, and counts them")
  void cancelForWebhook(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook a = webhook(tenant);
    Webhook b = webhook(tenant);
    Event e1 = event(tenant, null, now());
    Event e2 = event(tenant, null, now());
    Future<List<Object>> steps =
        createAll(List.of(a, b))
            .compose(x -> stores.events().accept(e1, deliveries(e1, a, b), LONG_AGO))
            .compose(x -> stores.events().accept(e2, deliveries(e2, a), LONG_AGO))
            .compose(x -> stores.queue().cancelForWebhook(a.cuid()).map(n -> List.<Object>of(n)))
            .compose(r -> stores.queue().cancelForWebhook(a.cuid()).map(n -> plus(r, n)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> claim("node-a", 10).map(jobs -> plus(r, jobs)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).isEqualTo(2);
          assertThat(r.get(1)).isEqualTo(0);
          assertThat(r.get(2)).isEqualTo(1L);
          assertThat(jobs(r.get(3))).extracting(DeliveryJob::webhookCuid).containsExactly(b.cuid());
        });
  }

  @Test
  @DisplayName("get finds a stored delivery as it was accepted, and nothing for an unknown cuid")
  void getDelivery(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Event e = event(tenant, null, now());
    Delivery d = deliveries(e, w).get(0);
    Future<List<Optional<Delivery>>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.events().accept(e, List.of(d), LONG_AGO))
            .compose(x -> both(stores.queue().get(d.cuid()), stores.queue().get(Cuid.next())));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.get(0)).contains(d);
          assertThat(r.get(1)).isEmpty();
        });
  }

  @Test
  @DisplayName(
      "Retention removes old finished deliveries in bounded batches, keeps pending and recent ones, and forgets their keys")
  void purgeFinished(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Webhook w = webhook(tenant);
    Instant old = now().minus(Duration.ofDays(10));
    List<Event> oldEvents =
        IntStream.range(0, 3).mapToObj(i -> event(tenant, "old-" + i, old.plusSeconds(i))).toList();
    Event oldPending = event(tenant, null, old);
    Event recent = event(tenant, null, now().minusSeconds(5));
    List<String> d = new ArrayList<>();
    List<Event> failing = plus(oldEvents, recent);
    Event reuse = event(tenant, "old-0", now());
    Future<List<Object>> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> acceptEach(failing, w, d, failing))
            .compose(x -> claim("node-a", 10))
            .compose(
                jobs ->
                    stores
                        .queue()
                        .complete(
                            "node-a",
                            jobs.stream()
                                .map(j -> Outcome.failed(j.deliveryCuid(), j.webhookCuid(), 6))
                                .toList(),
                            100))
            .compose(
                x ->
                    stores
                        .events()
                        .accept(oldPending, List.of(pendingLater(oldPending, w)), LONG_AGO))
            .compose(x -> stores.queue().purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2))
            .map(n -> List.<Object>of(n))
            .compose(
                r ->
                    stores
                        .queue()
                        .purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2)
                        .map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .queue()
                        .purgeFinishedBefore(now().minus(Duration.ofDays(1)), 2)
                        .map(n -> plus(r, n)))
            .compose(r -> stores.queue().get(d.get(0)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().get(d.get(3)).map(x -> plus(r, x)))
            .compose(r -> stores.queue().pendingCount().map(n -> plus(r, n)))
            .compose(r -> stores.events().accept(reuse, List.of(), LONG_AGO).map(x -> plus(r, x)))
            .compose(r -> stores.queue().retryNow(tenant, d.get(3)).map(x -> plus(r, x)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.subList(0, 3)).containsExactly(2, 1, 0);
          assertThat(delivery(r.get(3))).isEmpty();
          assertThat(delivery(r.get(4)).orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
          assertThat(r.get(5)).isEqualTo(1L);
          assertThat(r.get(6))
              .as("the purged event's key is free again")
              .isEqualTo(new Receipt(reuse.cuid(), 0, false));
          assertThat(r.get(7)).isInstanceOf(ManualRetry.Queued.class);
        });
  }

  // ---- the attempt log -------------------------------------------------------------------------

  @Test
  @DisplayName(
      "Appended attempts list newest first, page by page, with the total, only for their tenant")
  void attemptPaging(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant t0 = now().minusSeconds(60);
    List<Attempt> mine =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    attempt(
                        tenant,
                        Cuid.next(),
                        "ReportPublished",
                        i % 2 == 0 ? Attempt.Status.FAILED : Attempt.Status.SUCCEEDED,
                        t0.plusSeconds(i)))
            .toList();
    Attempt theirs = attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0);
    Future<List<Page<Attempt>>> pages =
        stores
            .attempts()
            .append(mine.subList(0, 3))
            .compose(v -> stores.attempts().append(List.of(theirs, mine.get(3), mine.get(4))))
            .compose(
                v ->
                    Future.all(
                            List.of(
                                stores.attempts().list(query(tenant, null, null, null, 2, 0)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 2)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 4)),
                                stores.attempts().list(query(tenant, null, null, null, 2, 9))))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(mine.get(4), mine.get(3));
          assertThat(p.get(1).items()).containsExactly(mine.get(2), mine.get(1));
          assertThat(p.get(2).items()).containsExactly(mine.get(0));
          assertThat(p.get(3).items()).isEmpty();
          assertThat(p).allSatisfy(page -> assertThat(page.total()).isEqualTo(5));
        });
  }

  @Test
  @DisplayName("The log filters by webhook, status and event, alone and together")
  void attemptFilters(VertxTestContext ctx) {
    String tenant = Cuid.next();
    String hookA = Cuid.next();
    String hookB = Cuid.next();
    Instant t0 = now().minusSeconds(60);
    Attempt a1 = attempt(tenant, hookA, "ReportPublished", Attempt.Status.SUCCEEDED, t0);
    Attempt a2 =
        attempt(tenant, hookA, "FindingPublished", Attempt.Status.FAILED, t0.plusSeconds(1));
    Attempt a3 =
        attempt(tenant, hookB, "ReportPublished", Attempt.Status.RETRYING, t0.plusSeconds(2));
    Attempt a4 =
        attempt(tenant, hookA, "ReportPublished", Attempt.Status.FAILED, t0.plusSeconds(3));
    Future<List<Page<Attempt>>> pages =
        stores
            .attempts()
            .append(List.of(a1, a2, a3, a4))
            .compose(
                v ->
                    Future.all(
                            List.of(
                                stores.attempts().list(query(tenant, hookA, null, null, 25, 0)),
                                stores.attempts().list(query(tenant, null, "failed", null, 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, null, null, "ReportPublished", 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, hookA, "failed", "ReportPublished", 25, 0)),
                                stores
                                    .attempts()
                                    .list(query(tenant, hookB, "succeeded", null, 25, 0))))
                        .map(all -> all.<Page<Attempt>>list()));
    expect(
        ctx,
        pages,
        p -> {
          assertThat(p.get(0).items()).containsExactly(a4, a2, a1);
          assertThat(p.get(1).items()).containsExactly(a4, a2);
          assertThat(p.get(2).items()).containsExactly(a4, a3, a1);
          assertThat(p.get(3).items()).containsExactly(a4);
          assertThat(p.get(4).items()).isEmpty();
          assertThat(p.get(4).total()).isZero();
        });
  }

  @Test
  @DisplayName(
      "A log query without a tenant covers every tenant, as a null filter matches everything")
  void attemptsAcrossTenants(VertxTestContext ctx) {
    Instant t0 = now().minusSeconds(60);
    Attempt a = attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0);
    Attempt b =
        attempt(Cuid.next(), Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, t0.plusSeconds(1));
    Future<Page<Attempt>> page =
        stores
            .attempts()
            .append(List.of(a, b))
            .compose(v -> stores.attempts().list(query(null, null, null, null, 25, 0)));
    expect(
        ctx,
        page,
        p -> {
          assertThat(p.items()).containsExactly(b, a);
          assertThat(p.total()).isEqualTo(2);
        });
  }

  @Test
  @DisplayName("Retention removes at most a batch of attempts older than the cutoff per call")
  void attemptPurge(VertxTestContext ctx) {
    String tenant = Cuid.next();
    Instant old = now().minus(Duration.ofDays(40));
    List<Attempt> olds =
        IntStream.range(0, 3)
            .mapToObj(
                i -> attempt(tenant, Cuid.next(), EVENT, Attempt.Status.FAILED, old.plusSeconds(i)))
            .toList();
    Attempt fresh = attempt(tenant, Cuid.next(), EVENT, Attempt.Status.SUCCEEDED, now());
    Instant cutoff = now().minus(Duration.ofDays(30));
    Future<List<Object>> steps =
        stores
            .attempts()
            .append(plus(olds, fresh))
            .compose(v -> stores.attempts().purgeBefore(cutoff, 2))
            .map(n -> List.<Object>of(n))
            .compose(r -> stores.attempts().purgeBefore(cutoff, 2).map(n -> plus(r, n)))
            .compose(r -> stores.attempts().purgeBefore(cutoff, 2).map(n -> plus(r, n)))
            .compose(
                r ->
                    stores
                        .attempts()
                        .list(query(tenant, null, null, null, 25, 0))
                        .map(p -> plus(r, p)));
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.subList(0, 3)).containsExactly(2, 1, 0);
          @SuppressWarnings("unchecked")
          Page<Attempt> left = (Page<Attempt>) r.get(3);
          assertThat(left.items()).containsExactly(fresh);
        });
  }

  @Test
  @DisplayName("The health check answers while the store works")
  void health(VertxTestContext ctx) {
    expect(ctx, stores.health().check(), v -> {});
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** An assertion block that may throw. */
  protected interface Check<T> {
    void accept(T value) throws Throwable;
  }

  protected static <T> void expect(VertxTestContext ctx, Future<T> future, Check<T> check) {
    future.onComplete(
        ctx.succeeding(
            value ->
                ctx.verify(
                    () -> {
                      check.accept(value);
                      ctx.completeNow();
                    })));
  }

  /** Repeats {@code attempt} every 50 ms until its result passes {@code done}, for up to 10 s. */
  protected <T> Future<T> eventually(Supplier<Future<T>> attempt, Predicate<T> done) {
    return eventually(attempt, done, System.currentTimeMillis() + WAIT_MS);
  }

  private <T> Future<T> eventually(Supplier<Future<T>> attempt, Predicate<T> done, long deadline) {
    return attempt
        .get()
        .compose(
            value -> {
              if (done.test(value)) {
                return Future.succeededFuture(value);
              }
              if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture(
                    new AssertionError("still not there after " + WAIT_MS + " ms: " + value));
              }
              return vertx
                  .timer(50, TimeUnit.MILLISECONDS)
                  .compose(v -> eventually(attempt, done, deadline));
            });
  }

  protected static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  protected static Webhook webhook(String tenant) {
    return webhookAt(tenant, now());
  }

  protected static Webhook webhookAt(String tenant, Instant createdAt) {
    return new Webhook(
        Cuid.next(),
        tenant,
        List.of(),
        "hook",
        "https://receiver.example/in",
        true,
        List.of(EVENT),
        true,
        null,
        null,
        0,
        createdAt,
        createdAt);
  }

  protected static Event event(String tenant, String idempotencyKey, Instant at) {
    String cuid = Cuid.next();
    byte[] body =
        ("{\"cuid\":\"" + cuid + "\",\"event\":\"" + EVENT + "\",\"text\":\"caf\u00e9\"}")
            .getBytes(StandardCharsets.UTF_8);
    return new Event(cuid, tenant, idempotencyKey, EVENT, null, body, at);
  }

  protected static List<Delivery> deliveries(Event e, Webhook... webhooks) {
    return Arrays.stream(webhooks).map(w -> Delivery.pending(e, w, MAX_RETRIES)).toList();
  }

  private static Delivery pendingLater(Event e, Webhook w) {
    return new Delivery(
        Cuid.next(),
        e.tenantCuid(),
        e.cuid(),
        w.cuid(),
        EVENT,
        Delivery.Status.PENDING,
        0,
        6,
        now().plusSeconds(3600),
        e.createdAt());
  }

  protected static Attempt attempt(
      String tenant, String webhook, String event, Attempt.Status status, Instant at) {
    boolean ok = status == Attempt.Status.SUCCEEDED;
    Integer statusCode =
        ok ? Integer.valueOf(200) : status == Attempt.Status.RETRYING ? null : Integer.valueOf(500);
    return new Attempt(
        Cuid.next(),
        Cuid.next(),
        webhook,
        tenant,
        Cuid.next(),
        event,
        "https://receiver.example/in",
        ok ? 1 : 2,
        status,
        statusCode,
        12,
        ok ? null : "Failed to call webhook: 500",
        ok ? "{\"ok\":true}" : "oops",
        at);
  }

  protected static AttemptQuery query(
      String tenant, String webhook, String status, String event, int limit, int offset) {
    return new AttemptQuery(tenant, webhook, status, event, limit, offset);
  }

  protected Future<List<DeliveryJob>> claim(String node, int max) {
    return stores.queue().claim(node, max, LEASE);
  }

  private Future<Void> createAll(List<Webhook> webhooks) {
    Future<Void> chain = Future.succeededFuture();
    for (Webhook w : webhooks) {
      chain = chain.compose(v -> stores.webhooks().create(w).mapEmpty());
    }
    return chain;
  }

  /**
   * Accepts each event (in the given order) with one delivery to {@code w}, and fills {@code
   * deliveryCuids} with the delivery cuids in the order of {@code reference}.
   */
  private Future<Void> acceptEach(
      List<Event> events, Webhook w, List<String> deliveryCuids, List<Event> reference) {
    Map<String, String> byEvent = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Event e : events) {
      Delivery d = Delivery.pending(e, w, MAX_RETRIES);
      byEvent.put(e.cuid(), d.cuid());
      chain = chain.compose(v -> stores.events().accept(e, List.of(d), LONG_AGO).mapEmpty());
    }
    reference.forEach(e -> deliveryCuids.add(byEvent.get(e.cuid())));
    return chain;
  }

  private void assertFinished(Optional<Delivery> delivery, Delivery.Status status) {
    if (keepsFinishedDeliveries()) {
      assertThat(delivery).map(Delivery::status).contains(status);
    } else {
      assertThat(delivery).as("dropped once " + status.wire()).isEmpty();
    }
  }

  private static <T> Future<List<T>> both(Future<T> a, Future<T> b) {
    return Future.all(a, b).map(v -> List.of(a.result(), b.result()));
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  private static <T> List<T> plus(List<T> list, List<T> more) {
    List<T> out = new ArrayList<>(list);
    out.addAll(more);
    return out;
  }

  private static <T> List<T> shuffled(List<T> list) {
    List<T> out = new ArrayList<>(list);
    Collections.shuffle(out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<DeliveryJob> jobs(Object o) {
    return (List<DeliveryJob>) o;
  }

  @SuppressWarnings("unchecked")
  private static Optional<Delivery> delivery(Object o) {
    return (Optional<Delivery>) o;
  }

  @SuppressWarnings("unchecked")
  private static Webhook found(Object o) {
    return ((Optional<Webhook>) o).orElseThrow();
  }
}
