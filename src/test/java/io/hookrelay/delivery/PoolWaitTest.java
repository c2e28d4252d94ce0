package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.support.OnLoop;
import io.hookrelay.support.Wait;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Waiting for a pooled connection spends the attempt's own budget: a request still waiting when its
 * time is up is never sent. Two senders share one pool of one connection: a patient one (6 s) holds
 * the connection with a receiver that trickles its first answer for 7 s, a hasty one (0.5 s) waits.
 */
@ExtendWith(VertxExtension.class)
class PoolWaitTest {

  private static final long PATIENT_MS = 6000;
  private static final long TRICKLE_MS = 7000;

  private Vertx vertx;
  private Context context;
  private HttpServer receiver;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpClients clients;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  String id = request.getHeader("webhook-id");
                  received.add(id);
                  if (!id.equals("first")) {
                    request.response().end("ok");
                    return;
                  }
                  var response = request.response().setChunked(true);
                  long until = System.currentTimeMillis() + TRICKLE_MS;
                  vertx.setPeriodic(
                      200,
                      t -> {
                        if (response.closed()) {
                          vertx.cancelTimer(t);
                        } else if (System.currentTimeMillis() > until) {
                          vertx.cancelTimer(t);
                          response.end();
                        } else {
                          response.write("x");
                        }
                      });
                })
            .listen(0, "127.0.0.1")
            .await();
    HookrelayConfig.Delivery config =
        HookrelayConfig.from(
                ConfigLoader.merge(
                    ConfigLoader.defaults(),
                    new JsonObject()
                        .put(
                            "delivery",
                            new JsonObject()
                                .put("maxConnectionsPerHost", 1)
                                .put("maxInFlightPerHost", 10))))
            .delivery();
    clients = onContext(() -> Future.succeededFuture(new HttpClients(vertx, config))).await();
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    return OnLoop.run(context, action);
  }

  private Sender sender(long timeoutMs) {
    return new Sender(
        clients, new AddressResolver(vertx, new SsrfGuard(true, List.of())), timeoutMs, "test");
  }

  private Sender.Request request(String id) {
    return new Sender.Request(
        "http://127.0.0.1:" + receiver.actualPort() + "/hook",
        true,
        id,
        "ReportPublished",
        1,
        null,
        "{}".getBytes());
  }

  @Test
  @DisplayName(
      "A request whose budget is spent waiting for a pooled connection fails as a timeout and is never sent")
  void spentWaitingNeverSent() {
    Sender patient = sender(PATIENT_MS);
    Sender hasty = sender(500);
    // a first request warms up the client (and leaves its connection idle in the pool)
    assertThat(onContext(() -> sender(30_000).send(request("warm-up"))).await().success()).isTrue();

    Future<Sender.Result> first = onContext(() -> patient.send(request("first")));
    Wait.until("the first request arrived", () -> received.contains("first"));
    Sender.Result second = onContext(() -> hasty.send(request("second"))).await();
    assertThat(first.isComplete()).as("the first still holds the connection").isFalse();
    assertThat(second.statusCode()).isNull();
    assertThat(second.error()).isEqualTo("Failed to call webhook: timeout after 500 ms");

    assertThat(first.await().error())
        .isEqualTo("Failed to call webhook: timeout after " + PATIENT_MS + " ms");
    Sender.Result third = onContext(() -> patient.send(request("third"))).await();
    assertThat(third.success()).isTrue();

    assertThat(received)
        .as("requests that reached the receiver")
        .containsExactly("warm-up", "first", "third");
  }
}
