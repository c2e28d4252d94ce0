package io.hookrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Delivery;
import io.hookrelay.webhook.Event;
import io.hookrelay.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook store, run against each store by a subclass. */
public abstract class WebhookStoreContractTest extends StoreContract {

  protected WebhookStoreContractTest(ContractStores source) {
    super(source);
  }

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
}
