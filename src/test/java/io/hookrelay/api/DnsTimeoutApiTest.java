package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.message;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.SilentDns;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * URL checks against a DNS zone that never answers: hookrelay's only DNS server is a UDP socket on
 * 127.0.0.1 that swallows every query, so nothing leaves the machine.
 */
@ExtendWith(VertxExtension.class)
class DnsTimeoutApiTest {

  private static final int STALLED = 30;
  private static final long DNS_TIMEOUT_MS = 3000;

  @Test
  @DisplayName(
      "Webhooks whose host never resolves get a clear 400 after the DNS timeout, and stall no other tenant meanwhile")
  void silentZone(Vertx vertx) {
    try (SilentDns dns = new SilentDns(vertx);
        TestServer server = TestServer.start(config(dns));
        TenantClients tenants = new TenantClients(server)) {
      TestServer.TenantClient stuck = tenants.create("Stuck");
      Api other = tenants.create("Other").api();
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
              new PoolOptions().setHttp1MaxSize(STALLED));
      List<Future<HttpResponse<Buffer>>> pending = new ArrayList<>();
      for (int i = 0; i < STALLED; i++) {
        pending.add(
            client
                .post(PATH)
                .putHeader("Authorization", "Bearer " + stuck.token())
                .sendJsonObject(valid().put("url", "https://h" + i + ".stalled.hookrelay.test/")));
      }
      Wait.until(
          "every stalled lookup reached the silent DNS server", () -> dns.queries() >= STALLED);

      other.post(PATH, valid().put("url", "http://localhost:8080/hook")).expect(201);
      assertThat(pending)
          .as("the other tenant was answered while every stalled check still waited")
          .noneMatch(Future::isComplete);

      for (int i = 0; i < STALLED; i++) {
        HttpResponse<Buffer> r = pending.get(i).await();
        Api.Response response =
            new Api.Response(
                r.statusCode(), r.bodyAsString(), r.getHeader("Content-Type"), r.headers());
        invalid(response, "url");
        assertThat(message(response, "url"))
            .isEqualTo(
                "is refused: host h"
                    + i
                    + ".stalled.hookrelay.test did not resolve within "
                    + DNS_TIMEOUT_MS
                    + " ms");
      }
    }
  }

  private static JsonObject config(SilentDns dns) {
    return new JsonObject()
        .put(
            "security",
            new JsonObject()
                .put(
                    "ssrf",
                    new JsonObject()
                        .put("allowPrivateNetworks", false)
                        .put("allowedHosts", new JsonArray().add("localhost"))
                        .put("dnsServers", new JsonArray().add(dns.server()))
                        .put("dnsTimeoutMs", DNS_TIMEOUT_MS)));
  }
}
