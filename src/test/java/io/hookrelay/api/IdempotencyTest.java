package io.hookrelay.api;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same {@code id} from the same tenant is one event. */
class IdempotencyTest {

  private static final String EVENTS = "/api/internal/events";

  @RegisterExtension static final SharedServer shared = new SharedServer();

  @Test
  @DisplayName(
      "Sending the same id again answers 200 with the first answer and delivers nothing new")
  void replay() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      String hook = create(api, webhook(receiver.url("/hook"), "ReportPublished"));

      JsonObject first =
          api.post(EVENTS, event("ReportPublished").put("id", "evt-1")).expect(202).json();
      JsonObject second =
          api.post(EVENTS, event("ReportPublished").put("id", "evt-1")).expect(200).json();
      JsonObject changed =
          api.post(EVENTS, event("ReportPublished").put("id", "evt-1").put("text", "other"))
              .expect(200)
              .json();
      assertThat(second).isEqualTo(first);
      assertThat(changed).isEqualTo(first);

      // a later event without an id is the marker: once it is delivered, a duplicate would have
      // been too
      String marker = Hooks.send(api, event("ReportPublished")).getString("eventCuid");
      Wait.until(
          "the marker event arrived",
          () ->
              receiver.received().stream()
                  .anyMatch(r -> marker.equals(r.body().toJsonObject().getString("cuid"))));
      assertThat(receiver.received())
          .extracting(r -> r.body().toJsonObject().getString("cuid"))
          .containsExactlyInAnyOrder(first.getString("eventCuid"), marker);
      assertThat(Hooks.attemptsUntil(api, hook, "two attempts logged", log -> log.size() >= 2))
          .hasSize(2);
    }
  }

  @Test
  @DisplayName("Another tenant using the same id gets its own event and delivery")
  void tenantsAreIndependent() {
    Api acme = shared.tenant("Acme").api();
    Api globex = shared.tenant("Globex").api();
    try (Receiver acmeReceiver = Receiver.answering(200);
        Receiver globexReceiver = Receiver.answering(200)) {
      create(acme, webhook(acmeReceiver.url("/acme"), "ReportPublished"));
      create(globex, webhook(globexReceiver.url("/globex"), "ReportPublished"));

      JsonObject acmeReceipt =
          acme.post(EVENTS, event("ReportPublished").put("id", "shared-id")).expect(202).json();
      JsonObject globexReceipt =
          globex.post(EVENTS, event("ReportPublished").put("id", "shared-id")).expect(202).json();

      assertThat(globexReceipt.getString("eventCuid"))
          .isNotEqualTo(acmeReceipt.getString("eventCuid"));
      assertThat(globexReceipt.getInteger("deliveries")).isEqualTo(1);
      Wait.until(
          "each tenant's receiver got its event",
          () -> acmeReceiver.count() == 1 && globexReceiver.count() == 1);
      assertThat(globexReceiver.received().get(0).body().toJsonObject().getString("cuid"))
          .isEqualTo(globexReceipt.getString("eventCuid"));
    }
  }

  @Test
  @DisplayName("An event without an id is never a replay")
  void noIdNoReplay() {
    Api api = shared.tenant("Acme").api();
    JsonObject first = api.post(EVENTS, event("ReportPublished")).expect(202).json();
    JsonObject second = api.post(EVENTS, event("ReportPublished")).expect(202).json();
    assertThat(second.getString("eventCuid")).isNotEqualTo(first.getString("eventCuid"));
  }

  @Test
  @DisplayName("A replay answers with the first answer even after the webhooks changed")
  void replayKeepsFirstAnswer() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      JsonObject first =
          api.post(EVENTS, event("ReportPublished").put("id", "before-hook")).expect(202).json();
      assertThat(first.getInteger("deliveries")).isZero();
      create(api, webhook(receiver.url("/hook"), "ReportPublished"));

      assertThat(
              api.post(EVENTS, event("ReportPublished").put("id", "before-hook"))
                  .expect(200)
                  .json())
          .isEqualTo(first);
    }
  }
}
