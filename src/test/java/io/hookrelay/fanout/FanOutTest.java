package io.hookrelay.fanout;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.deliveries;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which webhooks an event reaches: by type, client, enabled flag, tenant switch and tenant. */
class FanOutTest {

  @RegisterExtension static final SharedServer shared = new SharedServer();

  @Test
  @DisplayName("An event reaches exactly the webhooks subscribed to its type")
  void byEventType() {
    Api api = shared.tenant("Acme").api();
    try (Receiver reports = Receiver.answering(200);
        Receiver findings = Receiver.answering(200);
        Receiver both = Receiver.answering(200)) {
      create(api, webhook(reports.url("/r"), "ReportPublished"));
      create(api, webhook(findings.url("/f"), "FindingPublished"));
      create(api, webhook(both.url("/b"), "ReportPublished", "FindingPublished"));

      assertThat(deliveries(api, event("ReportPublished"))).isEqualTo(2);
      assertThat(deliveries(api, event("FindingPublished"))).isEqualTo(2);
      assertThat(deliveries(api, event("ReportStatusChanged"))).isZero();

      Wait.until(
          "both events reached their receivers",
          () -> both.count() == 2 && reports.count() == 1 && findings.count() == 1);
      assertThat(reports.received().get(0).header("X-Hookrelay-Event"))
          .isEqualTo("ReportPublished");
      assertThat(findings.received().get(0).header("X-Hookrelay-Event"))
          .isEqualTo("FindingPublished");
      assertThat(both.received())
          .extracting(r -> r.header("X-Hookrelay-Event"))
          .containsExactlyInAnyOrder("ReportPublished", "FindingPublished");
    }
  }

  @Test
  @DisplayName(
      "clientCuids narrows a webhook to those clients; an empty list takes every client and events without one")
  void byClient() {
    Api api = shared.tenant("Acme").api();
    try (Receiver all = Receiver.answering(200);
        Receiver onlyA = Receiver.answering(200);
        Receiver bOrC = Receiver.answering(200)) {
      create(api, webhook(all.url("/all"), "ReportPublished"));
      create(
          api,
          webhook(onlyA.url("/a"), "ReportPublished")
              .put("clientCuids", new JsonArray().add("cclienta")));
      create(
          api,
          webhook(bOrC.url("/bc"), "ReportPublished")
              .put("clientCuids", new JsonArray().add("cclientb").add("cclientc")));

      assertThat(deliveries(api, event("ReportPublished").put("clientCuid", "cclienta")))
          .isEqualTo(2);
      assertThat(deliveries(api, event("ReportPublished").put("clientCuid", "cclientc")))
          .isEqualTo(2);
      assertThat(deliveries(api, event("ReportPublished").put("clientCuid", "cclientz")))
          .isEqualTo(1);
      assertThat(deliveries(api, event("ReportPublished"))).isEqualTo(1);

      Wait.until(
          "every delivery arrived",
          () -> all.count() == 4 && onlyA.count() == 1 && bOrC.count() == 1);
      assertThat(onlyA.received().get(0).body().toJsonObject().getString("clientCuid"))
          .isEqualTo("cclienta");
      assertThat(bOrC.received().get(0).body().toJsonObject().getString("clientCuid"))
          .isEqualTo("cclientc");
    }
  }

  @Test
  @DisplayName("A disabled webhook gets nothing until it is enabled again")
  void disabledWebhook() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      String hook =
          create(api, webhook(receiver.url("/hook"), "ReportPublished").put("enabled", false));

      assertThat(deliveries(api, event("ReportPublished"))).isZero();

      api.patch("/api/internal/webhooks/" + hook, new JsonObject().put("enabled", true))
          .expect(200);
      assertThat(deliveries(api, event("ReportPublished"))).isEqualTo(1);
      Wait.until("the event after re-enabling arrived", () -> receiver.count() == 1);
    }
  }

  @Test
  @DisplayName("A tenant with webhooks switched off has its events accepted with 0 deliveries")
  void tenantSwitchedOff() {
    var tenant = shared.tenant("Acme");
    try (Receiver receiver = Receiver.answering(200)) {
      create(tenant.api(), webhook(receiver.url("/hook"), "ReportPublished"));
      shared
          .server()
          .admin()
          .patch(
              "/api/internal/tenants/" + tenant.cuid(),
              new JsonObject().put("webhooksEnabled", false))
          .expect(200);

      JsonObject receipt =
          tenant.api().post("/api/internal/events", event("ReportPublished")).expect(202).json();
      assertThat(receipt.getInteger("deliveries")).isZero();
      assertThat(receipt.getString("eventCuid")).isNotBlank();

      shared
          .server()
          .admin()
          .patch(
              "/api/internal/tenants/" + tenant.cuid(),
              new JsonObject().put("webhooksEnabled", true))
          .expect(200);
      assertThat(deliveries(tenant.api(), event("ReportPublished"))).isEqualTo(1);
      Wait.until("the event after switching back on arrived", () -> receiver.count() == 1);
      assertThat(receiver.received().get(0).body().toJsonObject().getString("cuid"))
          .isNotEqualTo(receipt.getString("eventCuid"));
    }
  }

  @Test
  @DisplayName("One tenant's events never reach another tenant's webhooks")
  void otherTenants() {
    Api acme = shared.tenant("Acme").api();
    Api globex = shared.tenant("Globex").api();
    try (Receiver acmeReceiver = Receiver.answering(200);
        Receiver globexReceiver = Receiver.answering(200)) {
      create(acme, webhook(acmeReceiver.url("/acme"), "ReportPublished"));
      create(globex, webhook(globexReceiver.url("/globex"), "ReportPublished"));

      String acmeEvent = Hooks.send(acme, event("ReportPublished")).getString("eventCuid");
      assertThat(deliveries(acme, event("ReportPublished"))).isEqualTo(1);
      String globexEvent = Hooks.send(globex, event("ReportPublished")).getString("eventCuid");

      Wait.until(
          "Acme's two events and Globex's one arrived",
          () -> acmeReceiver.count() == 2 && globexReceiver.count() == 1);
      assertThat(globexReceiver.received().get(0).body().toJsonObject().getString("cuid"))
          .isEqualTo(globexEvent);
      assertThat(acmeReceiver.received())
          .extracting(r -> r.body().toJsonObject().getString("cuid"))
          .contains(acmeEvent)
          .doesNotContain(globexEvent);
    }
  }

  @Test
  @DisplayName(
      "Webhooks created, patched and deleted while the server runs are matched from the next event on")
  void indexFollowsChanges() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      assertThat(deliveries(api, event("ReportPublished"))).isZero();

      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      assertThat(deliveries(api, event("ReportPublished"))).isEqualTo(1);

      api.patch(
              "/api/internal/webhooks/" + hook,
              new JsonObject().put("events", new JsonArray().add("FindingPublished")))
          .expect(200);
      assertThat(deliveries(api, event("ReportPublished"))).isZero();
      assertThat(deliveries(api, event("FindingPublished"))).isEqualTo(1);

      api.patch(
              "/api/internal/webhooks/" + hook,
              new JsonObject().put("clientCuids", new JsonArray().add("cclienta")))
          .expect(200);
      assertThat(deliveries(api, event("FindingPublished").put("clientCuid", "cclientb"))).isZero();
      assertThat(deliveries(api, event("FindingPublished").put("clientCuid", "cclienta")))
          .isEqualTo(1);

      Wait.until("the three matched events arrived", () -> receiver.count() == 3);
      assertThat(receiver.received())
          .extracting(r -> r.header("X-Hookrelay-Event"))
          .containsExactlyInAnyOrder("ReportPublished", "FindingPublished", "FindingPublished");

      api.delete("/api/internal/webhooks/" + hook).expect(204);
      assertThat(deliveries(api, event("FindingPublished").put("clientCuid", "cclienta"))).isZero();
    }
  }
}
