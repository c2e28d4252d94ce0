package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.HostileReceiver;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attempt's deadline ends the request itself: the connection is closed at the deadline, and a
 * response is read up to 64 KiB and no further.
 */
@ExtendWith(VertxExtension.class)
class DeadlineTest {

  private static final long TIMEOUT_MS = 1000;

  @RegisterExtension
  static final SharedServer shared =
      new SharedServer(
          new JsonObject()
              .put("delivery", new JsonObject().put("timeoutMs", TIMEOUT_MS).put("maxRetries", 0)));

  @Test
  @DisplayName(
      "A receiver that trickles its answer a byte at a time loses the connection at the deadline")
  void trickleIsCutAtTheDeadline(Vertx vertx) {
    Api api = shared.tenant("Acme").api();
    try (HostileReceiver receiver = HostileReceiver.trickling(vertx, 100)) {
      String hook = create(api, webhook(receiver.url("/trickle"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);
      assertThat(log).hasSize(1);
      assertThat(log.get(0).getString("status")).isEqualTo("failed");
      assertThat(log.get(0).getString("error"))
          .isEqualTo("Failed to call webhook: timeout after " + TIMEOUT_MS + " ms");

      Wait.until(
          "the trickling receiver's connection is closed",
          Duration.ofSeconds(20),
          () -> receiver.connections().size() == 1 && receiver.connections().get(0).closed());
      System.out.printf(
          "trickling receiver: socket held %d ms, %d bytes trickled (deadline %d ms)%n",
          receiver.connections().get(0).heldMs(), receiver.written(), TIMEOUT_MS);
    }
  }

  @Test
  @DisplayName(
      "A response without end is read up to 64 KiB and the connection closed; the 2xx counts and the log keeps 1 KiB")
  void endlessResponseIsCut(Vertx vertx) {
    Api api = shared.tenant("Acme").api();
    try (HostileReceiver receiver = HostileReceiver.endless(vertx)) {
      String hook = create(api, webhook(receiver.url("/endless"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> log = Hooks.finished(api, hook);
      assertThat(log.get(0).getString("status")).isEqualTo("succeeded");
      assertThat(log.get(0).getInteger("statusCode")).isEqualTo(200);
      assertThat(log.get(0).getString("responseSnippet")).hasSize(1024);

      Wait.until(
          "the endless receiver's connection is closed",
          Duration.ofSeconds(20),
          () -> receiver.connections().size() == 1 && receiver.connections().get(0).closed());
      long written = receiver.written();
      System.out.printf(
          "endless receiver: connection closed after %d ms, %d bytes handed to the socket%n",
          receiver.connections().get(0).heldMs(), written);
      // what hookrelay read is at most 64 KiB; the rest sat in the two sockets' buffers
      assertThat(written).isLessThan(64L * 1024 * 1024);
    }
  }
}
