package io.hookrelay.delivery;

import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One {@code TestWebhook} delivery for {@code POST /api/internal/webhooks/test}: signed and sent
 * like any other, no retries, logged with event {@code testWebhook}.
 */
final class TestSend {

  static final String EVENT = "TestWebhook";
  static final String LOGGED_EVENT = "testWebhook";

  private final Sender sender;
  private final OutcomeWriter writer;

  TestSend(Sender sender, OutcomeWriter writer) {
    this.sender = sender;
    this.writer = writer;
  }

  void run(Message<JsonObject> message) {
    JsonObject in = message.body();
    String deliveryCuid = Cuid.next();
    String eventCuid = Cuid.next();
    String url = in.getString("url");
    byte[] body =
        new JsonObject()
            .put("cuid", eventCuid)
            .put("event", EVENT)
            .put("text", "This is a test webhook from hookrelay")
            .toBuffer()
            .getBytes();
    Sender.Request request =
        new Sender.Request(
            url,
            in.getBoolean("sslVerification", true),
            deliveryCuid,
            EVENT,
            1,
            in.getString("secret"),
            body);
    sender
        .send(request)
        .onSuccess(
            r -> {
              writer.add(
                  null,
                  new Attempt(
                      Cuid.next(),
                      deliveryCuid,
                      null,
                      in.getString("tenantCuid"),
                      eventCuid,
                      LOGGED_EVENT,
                      url,
                      1,
                      r.success() ? Attempt.Status.SUCCEEDED : Attempt.Status.FAILED,
                      r.statusCode(),
                      r.durationMs(),
                      r.error(),
                      r.snippet(),
                      Instant.now()));
              message.reply(
                  new JsonObject()
                      .put("success", r.success())
                      .put("statusCode", r.statusCode())
                      .put("durationMs", r.durationMs())
                      .put("error", r.error()));
            });
  }
}
