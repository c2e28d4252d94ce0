package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.Signer;
import io.hookrelay.support.Api;
import io.hookrelay.support.PgSettings;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The previous secret of a rotation is stored: a restarted node keeps signing with both. */
@DisplayName("Secret rotation across a restart on PostgreSQL")
class PgRotationRestartTest {

  private static final String OLD = "secret-before-the-restart";

  @Test
  @DisplayName(
      "After a restart during the grace period deliveries still carry the new and the previous"
          + " signature, and the webhook still shows when the previous secret expires")
  void previousSecretSurvivesRestart() {
    try (PgTestDatabase db = PgTestDatabase.create();
        Receiver receiver = Receiver.answering(200)) {
      PgSettings.Tenant tenant;
      String cuid;
      String secret;
      String expires;
      try (TestServer before = TestServer.start(PgSettings.postgres(db.url()))) {
        tenant = PgSettings.newTenant(before.admin(), "Acme");
        Api api = before.as(tenant.token());
        cuid =
            api.post(
                    "/api/internal/webhooks",
                    PgSettings.webhook(receiver.url("/in"), "ReportPublished").put("secret", OLD))
                .expect(201)
                .json()
                .getString("cuid");
        JsonObject rotated =
            api.post(
                    "/api/internal/webhooks/" + cuid + "/secret/rotate",
                    new JsonObject().put("graceSeconds", 3600))
                .expect(200)
                .json();
        secret = rotated.getString("secret");
        expires = rotated.getString("previousSecretExpiresAt");
        api.close();
      }
      assertThat(
              db.queryLong(
                  "SELECT count(*) FROM webhooks WHERE previous_secret IS NOT NULL"
                      + " AND previous_secret_expires_at > now() + interval '59 minutes'"))
          .as("the stored previous secret")
          .isEqualTo(1);

      try (TestServer after = TestServer.start(PgSettings.postgres(db.url()));
          Api api = after.as(tenant.token())) {
        assertThat(
                api.get("/api/internal/webhooks/" + cuid)
                    .expect(200)
                    .json()
                    .getString("previousSecretExpiresAt"))
            .isEqualTo(expires);
        api.post("/api/internal/events", PgSettings.event("ReportPublished")).expect(202);
        Wait.until("the delivery arrives", () -> receiver.count() == 1);
      }
      Received got = receiver.received().get(0);
      byte[] body = got.body().getBytes();
      String id = got.header("webhook-id");
      long timestamp = Long.parseLong(got.header("webhook-timestamp"));
      assertThat(got.header("webhook-signature"))
          .isEqualTo(
              Signer.standardSignature(secret, id, timestamp, body)
                  + " "
                  + Signer.standardSignature(OLD, id, timestamp, body));
      assertThat(got.header("X-Authorization-HMAC-256")).isEqualTo(Signer.hmacHex(secret, body));
      assertThat(got.header("X-Authorization-HMAC-256-Previous"))
          .isEqualTo(Signer.hmacHex(OLD, body));
    }
  }
}
