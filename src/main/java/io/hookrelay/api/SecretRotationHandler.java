package io.hookrelay.api;

import io.hookrelay.security.Secrets;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.SecretRotation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/internal/webhooks/{webhookCuid}/secret/rotate} (API.md "Secret rotation"): a new
 * secret, typed or made here; the old one keeps signing for the grace period. A secret made here is
 * in this one answer and nowhere else; a typed one is never echoed.
 */
final class SecretRotationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SecretRotationHandler.class);

  private final Stores stores;
  private final ChangeNotices notices;

  SecretRotationHandler(Stores stores, ChangeNotices notices) {
    this.stores = stores;
    this.notices = notices;
  }

  void rotate(RoutingContext ctx) {
    SecretRotation.Result result = SecretRotation.validate(optionalObject(ctx));
    String cuid = ctx.pathParam("webhookCuid");
    SecretRotation.Request request = result.request();
    boolean made = request.secret() == null;
    String secret = made ? Secrets.newSecret() : request.secret();
    Auth.webhookTenant(ctx, stores.tenants())
        .compose(
            tenant ->
                result.errors().isEmpty()
                    ? Future.succeededFuture(tenant)
                    : Future.failedFuture(ApiError.validation(result.errors())))
        .compose(
            tenant -> {
              Instant now = Instant.now();
              Instant until = now.plusSeconds(request.graceSeconds());
              return stores
                  .webhooks()
                  .update(tenant.cuid(), cuid, w -> w.rotated(secret, until, now));
            })
        .map(o -> o.orElseThrow(() -> ApiError.notFound("webhook")))
        .compose(
            w -> {
              LOG.info(
                  "webhook {}: secret rotated ({}), the previous one signs until {}",
                  w.cuid(),
                  made ? "made by the server" : "given by the client",
                  w.previousSecretExpiresAt());
              JsonObject answer = new JsonObject();
              if (made) {
                answer.put("secret", secret);
              }
              answer.put("previousSecretExpiresAt", Views.time(w.previousSecretExpiresAt()));
              return notices.webhookChanged(w.cuid()).map(answer);
            })
        .onSuccess(
            answer -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              Json.send(ctx, 200, answer);
            })
        .onFailure(ctx::fail);
  }

  /** Both fields are optional, so an empty body counts as {@code {}}. */
  private static Map<String, Object> optionalObject(RoutingContext ctx) {
    return BodyReader.body(ctx).length() == 0 ? Map.of() : Json.object(ctx);
  }
}
