package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.HostileReceiver;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measures what a hostile receiver costs with the production timeout (5 s), and fails when the
 * deadline no longer ends the request. Off by default (it takes the full 5 s timeout per case); run
 * with {@code mvn -o test -Dtest=DeadlineProbe -Dprobe=true}; prints one line per receiver.
 */
@EnabledIfSystemProperty(named = "probe", matches = "true")
@ExtendWith(VertxExtension.class)
class DeadlineProbe {

  private static final long TIMEOUT_MS = 5000;
  private static final long GIVE_UP_MS = 130_000;

  private static JsonObject production() {
    return new JsonObject()
        .put("delivery", new JsonObject().put("timeoutMs", TIMEOUT_MS).put("maxRetries", 0));
  }

  @Test
  @DisplayName("A receiver sending one byte every 2 s: how long it holds the socket")
  void trickle(Vertx vertx) throws InterruptedException {
    try (TestServer server = TestServer.start(production());
        TenantClients tenants = new TenantClients(server);
        HostileReceiver receiver = HostileReceiver.trickling(vertx, 2000)) {
      Api api = tenants.create("Probe").api();
      create(api, webhook(receiver.url("/trickle"), "ReportPublished"));
      send(api, event("ReportPublished"));
      HostileReceiver.Connection c = waitForClose(receiver);
      System.out.printf(
          "PROBE trickle (1 byte / 2 s, timeout %d ms): socket held %d ms%s%n",
          TIMEOUT_MS, c.heldMs(), c.closed() ? "" : " and still open (gave up)");
      // before the fix the socket was still open when the probe gave up, at 130 s
      assertThat(c.closed())
          .as("the trickling receiver's socket is closed by the deadline")
          .isTrue();
    }
  }

  @Test
  @DisplayName("A 1 GiB response: how much is read after the deadline")
  void huge(Vertx vertx) throws InterruptedException {
    try (TestServer server = TestServer.start(production());
        TenantClients tenants = new TenantClients(server);
        HostileReceiver receiver = HostileReceiver.sized(vertx, 1L << 30)) {
      Api api = tenants.create("Probe").api();
      create(api, webhook(receiver.url("/huge"), "ReportPublished"));
      send(api, event("ReportPublished"));
      while (receiver.connections().isEmpty()) {
        Thread.sleep(5);
      }
      HostileReceiver.Connection c = receiver.connections().get(0);
      long atDeadline = -1;
      while (!c.closed() && c.heldMs() < GIVE_UP_MS && receiver.written() < (1L << 30)) {
        if (atDeadline < 0 && c.heldMs() >= TIMEOUT_MS) {
          atDeadline = receiver.written();
        }
        Thread.sleep(5);
      }
      long total = receiver.written();
      long lastByteMs = c.heldMs();
      waitForClose(receiver);
      System.out.printf(
          "PROBE 1 GiB response (timeout %d ms): %d bytes written by the receiver in all, %d of"
              + " them after the deadline; writing stopped at %d ms, connection %s at %d ms%n",
          TIMEOUT_MS,
          total,
          atDeadline < 0 ? 0 : total - atDeadline,
          lastByteMs,
          c.closed() ? "closed" : "still open",
          c.heldMs());
      // before the fix the whole GiB was read (936 MB of it after the deadline)
      assertThat(c.closed()).as("the connection is closed").isTrue();
      assertThat(total)
          .as("bytes written: at most 64 KiB read plus what socket buffers hold, never the GiB")
          .isLessThan(64L << 20);
    }
  }

  private static HostileReceiver.Connection waitForClose(HostileReceiver receiver)
      throws InterruptedException {
    while (receiver.connections().isEmpty()) {
      Thread.sleep(5);
    }
    HostileReceiver.Connection c = receiver.connections().get(0);
    while (!c.closed() && c.heldMs() < GIVE_UP_MS) {
      Thread.sleep(20);
    }
    return c;
  }
}
