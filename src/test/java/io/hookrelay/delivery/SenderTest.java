package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.support.OnLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One signed POST and its result, against a real receiver on loopback, without a server. */
@ExtendWith(VertxExtension.class)
class SenderTest {

  private static final byte[] BODY =
      "{\"event\":\"ReportPublished\"}".getBytes(StandardCharsets.UTF_8);

  private Vertx vertx;
  private Context context;
  private HttpServer receiver;
  private HttpClients clients;
  private final AtomicReference<MultiMap> headers = new AtomicReference<>();
  private final AtomicReference<String> body = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String answer = "ok";

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            b -> {
                              headers.set(request.headers());
                              body.set(b.toString());
                              request
                                  .response()
                                  .setStatusCode(status)
                                  .putHeader("Retry-After", "3")
                                  .end(answer);
                            }))
            .listen(0, "127.0.0.1")
            .await();
    HookrelayConfig.Delivery config = HookrelayConfig.from(ConfigLoader.defaults()).delivery();
    clients = onContext(() -> Future.succeededFuture(new HttpClients(vertx, config))).await();
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    return OnLoop.run(context, action);
  }

  private Sender.Result send(boolean allowLoopback, String url, String secret) {
    Sender sender =
        new Sender(
            clients,
            new AddressResolver(vertx, new SsrfGuard(allowLoopback, List.of())),
            2000,
            "hookrelay-test/1");
    return onContext(
            () ->
                sender.send(
                    new Sender.Request(url, true, "dlv_1", "ReportPublished", 2, secret, BODY)))
        .await();
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.actualPort() + "/hook?x=1";
  }

  @Test
  @DisplayName(
      "A signed POST carries the body, the delivery id, event, attempt and both signatures of the secret")
  void signedPost() {
    Sender.Result result = send(true, url(), "whsec_test");

    assertThat(result.success()).isTrue();
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.snippet()).isEqualTo("ok");
    assertThat(result.error()).isNull();
    MultiMap h = headers.get();
    assertThat(body.get()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
    assertThat(h.get("Content-Type")).isEqualTo("application/json");
    assertThat(h.get("User-Agent")).isEqualTo("hookrelay-test/1");
    assertThat(h.get("webhook-id")).isEqualTo("dlv_1");
    assertThat(h.get("X-Hookrelay-Event")).isEqualTo("ReportPublished");
    assertThat(h.get("X-Hookrelay-Attempt")).isEqualTo("2");
    assertThat(h.get("X-Authorization-HMAC-256")).isEqualTo(Signer.hmacHex("whsec_test", BODY));
    long timestamp = Long.parseLong(h.get("webhook-timestamp"));
    assertThat(h.get("webhook-signature"))
        .isEqualTo(Signer.standardSignature("whsec_test", "dlv_1", timestamp, BODY));
  }

  @Test
  @DisplayName("Without a secret no signature header is sent")
  void unsigned() {
    assertThat(send(true, url(), null).success()).isTrue();

    assertThat(headers.get().contains("X-Authorization-HMAC-256")).isFalse();
    assertThat(headers.get().contains("webhook-signature")).isFalse();
  }

  @Test
  @DisplayName(
      "A non-2xx answer is a value with its status, Retry-After and the first KiB of the body")
  void failureAnswer() {
    status = 503;
    answer = "x".repeat(5000);

    Sender.Result result = send(true, url(), null);

    assertThat(result.success()).isFalse();
    assertThat(result.statusCode()).isEqualTo(503);
    assertThat(result.retryAfter()).isEqualTo("3");
    assertThat(result.snippet()).hasSize(Sender.SNIPPET_BYTES);
    assertThat(result.error()).isEqualTo("Failed to call webhook: receiver answered 503");
  }

  @Test
  @DisplayName("A refused address is a failed result naming the rule, and nothing is sent")
  void refusedAddress() {
    Sender.Result result = send(false, url(), null);

    assertThat(result.statusCode()).isNull();
    assertThat(result.error()).startsWith("Failed to call webhook: url ").contains("127.0.0.1");
    assertThat(headers.get()).as("requests the receiver saw").isNull();
  }

  @Test
  @DisplayName("A port nobody listens on is a failed result, not an exception")
  void connectionRefused() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Sender.Result result = send(true, "http://127.0.0.1:" + closed + "/hook", null);

    assertThat(result.statusCode()).isNull();
    assertThat(result.error()).startsWith("Failed to call webhook: ");
  }
}
