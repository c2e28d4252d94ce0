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

  /**
   * What the steps of one test saw, by name: each step's setter records its value and hands back
   * the stores for the next step, and a chain ends with {@code .map(seen)}, so it reads step by
   * step and the assertions name what they check. Counts and yes-or-no answers are boxed, so one
   * that no step recorded fails its assertion instead of reading as zero or false.
   */
  private final class Seen {
    Optional<Webhook> read;
    Optional<Webhook> found;
    Optional<Webhook> updated;
    Optional<Webhook> updatedUnknown;
    Boolean deleted;
    Boolean deletedAgain;
    Long listed;
    Long pending;
    List<DeliveryJob> claimed;
    Optional<Delivery> delivery;
    Page<Webhook> firstPage;
    Page<Webhook> secondPage;
    Page<Webhook> lastPage;
    Page<Webhook> pastTheEnd;
    Page<Webhook> all;

    Stores read(Optional<Webhook> v) {
      read = v;
      return stores;
    }

    Stores found(Optional<Webhook> v) {
      found = v;
      return stores;
    }

    Stores updated(Optional<Webhook> v) {
      updated = v;
      return stores;
    }

    Stores updatedUnknown(Optional<Webhook> v) {
      updatedUnknown = v;
      return stores;
    }

    Stores deleted(Boolean v) {
      deleted = v;
      return stores;
    }

    Stores deletedAgain(Boolean v) {
      deletedAgain = v;
      return stores;
    }

    Stores listed(Long v) {
      listed = v;
      return stores;
    }

    Stores pending(Long v) {
      pending = v;
      return stores;
    }

    Stores claimed(List<DeliveryJob> v) {
      claimed = v;
      return stores;
    }

    Stores delivery(Optional<Delivery> v) {
      delivery = v;
      return stores;
    }

    Stores firstPage(Page<Webhook> v) {
      firstPage = v;
      return stores;
    }

    Stores secondPage(Page<Webhook> v) {
      secondPage = v;
      return stores;
    }

    Stores lastPage(Page<Webhook> v) {
      lastPage = v;
      return stores;
    }

    Stores pastTheEnd(Page<Webhook> v) {
      pastTheEnd = v;
      return stores;
    }

    Stores all(Page<Webhook> v) {
      all = v;
      return stores;
    }
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
    Seen seen = new Seen();
    Future<Seen> read =
        stores
            .webhooks()
            .create(w)
            .compose(created -> stores.webhooks().get(tenant, w.cuid()))
            .compose(got -> seen.read(got).webhooks().find(w.cuid()))
            .map(found -> seen.found(found))
            .map(seen);
    expect(
        ctx,
        read,
        r -> {
          assertThat(r.read).contains(w);
          assertThat(r.found).contains(w);
          assertThat(r.read.orElseThrow().secret()).isEqualTo("s3cr3t");
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.webhooks().get(intruder, w.cuid()))
            .compose(got -> seen.read(got).webhooks().update(intruder, w.cuid(), x -> hijacked))
            .compose(updated -> seen.updated(updated).webhooks().delete(intruder, w.cuid()))
            .compose(deleted -> seen.deleted(deleted).webhooks().list(intruder, 0, 25))
            .compose(page -> seen.listed(page.total()).webhooks().get(w.tenantCuid(), w.cuid()))
            .map(still -> seen.found(still))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.read).as("read by the intruder").isEqualTo(Optional.empty());
          assertThat(r.updated).as("updated by the intruder").isEqualTo(Optional.empty());
          assertThat(r.deleted).as("deleted by the intruder").isFalse();
          assertThat(r.listed).as("listed to the intruder").isZero();
          assertThat(r.found).as("read by its tenant").isEqualTo(Optional.of(w));
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
    Seen seen = new Seen();
    Future<Seen> steps =
        created
            .compose(v -> stores.webhooks().list(tenant, 0, 2))
            .compose(page -> seen.firstPage(page).webhooks().list(tenant, 2, 2))
            .compose(page -> seen.secondPage(page).webhooks().list(tenant, 4, 2))
            .compose(page -> seen.lastPage(page).webhooks().list(tenant, 10, 2))
            .compose(page -> seen.pastTheEnd(page).webhooks().list(tenant, 0, 100))
            .map(page -> seen.all(page))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.firstPage.items()).containsExactly(mine.get(4), mine.get(3));
          assertThat(r.secondPage.items()).containsExactly(mine.get(2), mine.get(1));
          assertThat(r.lastPage.items()).containsExactly(mine.get(0));
          assertThat(r.pastTheEnd.items()).isEmpty();
          assertThat(r.all.items()).hasSize(5);
          assertThat(List.of(r.firstPage, r.secondPage, r.lastPage, r.pastTheEnd, r.all))
              .allSatisfy(page -> assertThat(page.total()).isEqualTo(5));
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
    Seen seen = new Seen();
    Future<Seen> steps =
        stores
            .webhooks()
            .create(w)
            .compose(x -> stores.webhooks().update(w.tenantCuid(), w.cuid(), x1 -> changed))
            .compose(updated -> seen.updated(updated).webhooks().get(w.tenantCuid(), w.cuid()))
            .compose(
                read ->
                    seen.read(read)
                        .webhooks()
                        .update(unknown.tenantCuid(), unknown.cuid(), x -> unknown))
            .compose(updated -> seen.updatedUnknown(updated).webhooks().find(unknown.cuid()))
            .map(found -> seen.found(found))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.updated).contains(changed);
          assertThat(r.read).contains(changed);
          assertThat(r.updatedUnknown).as("an unknown webhook updated").isEmpty();
          assertThat(r.found).as("an unknown webhook found").isEmpty();
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
    Seen seen = new Seen();
    Future<Seen> steps =
        createAll(List.of(doomed, kept))
            .compose(v -> stores.events().accept(e, ds, LONG_AGO))
            .compose(r -> stores.webhooks().delete(tenant, doomed.cuid()))
            .compose(first -> seen.deleted(first).webhooks().delete(tenant, doomed.cuid()))
            .compose(again -> seen.deletedAgain(again).webhooks().get(tenant, doomed.cuid()))
            .compose(gone -> seen.read(gone).queue().pendingCount())
            .compose(n -> seen.pending(n).queue().claim("node-a", 10, LEASE))
            .compose(jobs -> seen.claimed(jobs).queue().get(ds.get(0).cuid()))
            .map(d -> seen.delivery(d))
            .map(seen);
    expect(
        ctx,
        steps,
        r -> {
          assertThat(r.deleted).as("first delete").isTrue();
          assertThat(r.deletedAgain).as("second delete").isFalse();
          assertThat(r.read).isEqualTo(Optional.empty());
          assertThat(r.pending).isEqualTo(1L);
          assertThat(r.claimed).extracting(DeliveryJob::webhookCuid).containsExactly(kept.cuid());
          assertFinished(r.delivery, Delivery.Status.CANCELLED);
        });
  }
}
