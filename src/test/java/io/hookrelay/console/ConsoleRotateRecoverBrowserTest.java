package io.hookrelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.delivery.Signer;
import io.hookrelay.support.Browser;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The console's "Rotate secret" and "Recover failed since…" actions on the webhooks page, in a real
 * browser (Debian's headless Chromium) against a real server on loopback.
 */
@DisplayName("Rotating a secret and recovering failed deliveries from the admin console")
class ConsoleRotateRecoverBrowserTest {

  /** No retries: a delivery whose receiver answers 500 ends failed at once. */
  @RegisterExtension
  static final SharedServer shared =
      new SharedServer(new JsonObject().put("delivery", new JsonObject().put("maxRetries", 0)));

  private static final Path SHOTS =
      Path.of(System.getProperty("hookrelay.console.screenshots", "target/console"));

  private static Browser browser;
  private static String base;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
    base = "http://127.0.0.1:" + shared.server().port();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void noContentSecurityPolicyViolations() {
    List<String> messages = browser.consoleMessages();
    assertThat(messages)
        .as("browser console")
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));
  }

  @Test
  @DisplayName(
      "Rotate secret shows the server-made secret once, with a copy button and the end of the"
          + " grace period; deliveries are then signed with it and with the old one")
  void rotateSecret() {
    TenantClient acme = shared.tenant("Acme Rotation");
    try (Receiver receiver = Receiver.answering(200)) {
      String cuid = createHook(acme, "Signed", receiver.url("/signed"), "old-console-secret");
      openWebhooks(acme);

      browser.click("tr[data-webhook='" + cuid + "'] [data-action=rotate]");
      browser.visible("form[data-form=rotate] input[name=secret]");
      browser.click("form[data-form=rotate] button[type=submit]");

      String secret =
          browser.visible("form[data-form=rotate] input[data-once]").getAttribute("value");
      assertThat(secret).matches("whsec_[A-Za-z0-9+/]{32}");
      String shown = browser.textOf("form[data-form=rotate]", "The secret was rotated");
      assertThat(shown).contains("The previous secret stays valid until", "shown only this once");
      browser.click("form[data-form=rotate] .secret-once button");
      browser.textOf("form[data-form=rotate] .secret-once [role=status]", "Copied.");
      browser.screenshot(SHOTS.resolve("secret-rotated.png"));
      JsonObject webhook = acme.api().get("/api/internal/webhooks/" + cuid).expect(200).json();
      assertThat(webhook.getString("previousSecretExpiresAt")).isNotNull();
      browser.click("dialog[data-dialog=rotate] .actions button.secondary");

      browser.click("tr[data-webhook='" + cuid + "'] [data-action=rotate]");
      browser.visible("form[data-form=rotate] input[name=secret]");
      assertThat(browser.driver().findElements(By.cssSelector("input[data-once]")))
          .as("the secret is not shown again")
          .isEmpty();
      browser.click("dialog[data-dialog=rotate] .actions button.secondary");

      sendEvent(acme);
      Wait.until("the delivery arrives", () -> receiver.count() == 1);
      Received got = receiver.received().get(0);
      byte[] body = got.body().getBytes();
      String id = got.header("webhook-id");
      long ts = Long.parseLong(got.header("webhook-timestamp"));
      assertThat(got.header("webhook-signature"))
          .isEqualTo(
              Signer.standardSignature(secret, id, ts, body)
                  + " "
                  + Signer.standardSignature("old-console-secret", id, ts, body));
    }
  }

  @Test
  @DisplayName(
      "Recover failed since… queues the failed deliveries of the last day again, says how many,"
          + " and they arrive")
  void recoverFailed() {
    TenantClient acme = shared.tenant("Acme Recovery");
    try (Receiver receiver = Receiver.answering(500)) {
      String cuid = createHook(acme, "Was down", receiver.url("/down"), null);
      sendEvent(acme);
      sendEvent(acme);
      Wait.until("both deliveries failed", () -> logged(acme, "failed") == 2);
      receiver.answer(n -> Answer.status(200));
      openWebhooks(acme);

      browser.click("tr[data-webhook='" + cuid + "'] [data-action=recover]");
      assertThat(browser.visible("form[data-form=recover] input[name=since]").getAttribute("value"))
          .as("a day ago by default")
          .isNotEmpty();
      browser.click("form[data-form=recover] button[type=submit]");

      browser.textOf("form[data-form=recover]", "2 failed deliveries were queued again.");
      browser.screenshot(SHOTS.resolve("recovered.png"));
      Wait.until(
          "the recovered deliveries succeed",
          Duration.ofSeconds(20),
          () -> logged(acme, "succeeded") == 2);
      assertThat(receiver.count()).isEqualTo(4);

      browser.click("form[data-form=recover] button[type=submit]");
      browser.textOf("form[data-form=recover]", "No failed deliveries in that period");
      browser.click("dialog[data-dialog=recover] .actions button.secondary");
    }
  }

  private void openWebhooks(TenantClient tenant) {
    browser.open(base + "/admin/");
    browser.script("sessionStorage.clear()");
    browser.open(base + "/admin/");
    browser.type("form[data-form=signin] input[name=token]", tenant.token());
    browser.click("form[data-form=signin] button[type=submit]");
    browser.visible("[data-card=rate]");
    browser.click("nav a[data-page=webhooks]");
    browser.visible("tr[data-webhook]");
  }

  private static String createHook(TenantClient tenant, String name, String url, String secret) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("url", url)
            .put("sslVerification", true)
            .put("events", new JsonArray().add("ReportPublished"))
            .put("enabled", true);
    if (secret != null) {
      body.put("secret", secret);
    }
    return tenant.api().post("/api/internal/webhooks", body).expect(201).json().getString("cuid");
  }

  private static void sendEvent(TenantClient tenant) {
    tenant
        .api()
        .post(
            "/api/internal/events",
            new JsonObject()
                .put("event", "ReportPublished")
                .put("targetType", "report")
                .put("targetCuid", "crep1"))
        .expect(202);
  }

  private static int logged(TenantClient tenant, String status) {
    return tenant
        .api()
        .get("/api/internal/webhookslog?status=" + status)
        .expect(200)
        .json()
        .getJsonArray("data")
        .size();
  }
}
