package io.hookrelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Browser;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.TestServer;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console in a real browser (Debian's headless Chromium), against a real server on
 * loopback: signing in and out, webhooks, the delivery log, tenants and tokens. One browser for the
 * whole class. Screenshots of the main pages go to {@code target/console} (or the directory named
 * by {@code -Dhookrelay.console.screenshots=docs/console}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleBrowserTest {

  /** The store's config overrides ({@code store.type} and its settings). */
  protected abstract JsonObject storeConfig();

  /** Runs once the server has stopped. */
  protected void cleanUp() {}

  /** No retries: a delivery whose receiver answers 500 ends failed at once. */
  @RegisterExtension
  final SharedServer shared =
      new SharedServer(
          storeConfig().put("delivery", new JsonObject().put("maxRetries", 0)), this::cleanUp);

  private static final Path SHOTS =
      Path.of(System.getProperty("hookrelay.console.screenshots", "target/console"));

  private static Browser browser;
  private static String base;

  @BeforeAll
  void startBrowser() {
    browser = Browser.start();
    base = "http://127.0.0.1:" + shared.server().port();
    browser.open(base + "/admin/");
    browser.visible("form[data-form=signin]");
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

  private void signIn(String token) {
    browser.open(base + "/admin/");
    browser.script("sessionStorage.clear()");
    browser.open(base + "/admin/");
    browser.type("form[data-form=signin] input[name=token]", token);
    browser.click("form[data-form=signin] button[type=submit]");
  }

  private void signedInAs(String who) {
    browser.textOf("#who-name", who);
    browser.visible("[data-card=rate]");
  }

  private String storedToken() {
    return (String) browser.script("return sessionStorage.getItem('hookrelay.console.token')");
  }

  @Test
  @DisplayName(
      "The admin token signs in: the overview shows live figures and the store's health, Tenants is offered, and signing out forgets the token")
  void adminSignsInAndOut() {
    signIn(TestServer.ADMIN);

    signedInAs("Signed in as administrator");
    assertThat(browser.visible("nav a[data-page=tenants]").isDisplayed()).isTrue();
    assertThat(storedToken()).isEqualTo(TestServer.ADMIN);
    assertThat(browser.driver().getCurrentUrl()).doesNotContain(TestServer.ADMIN);
    assertThat(browser.driver().manage().getCookies()).isEmpty();
    browser.textOf("[data-check=store]", "Working");
    browser.visible("figure[data-chart='Attempts per second'] svg");
    browser.screenshot(SHOTS.resolve("overview.png"));

    browser.click("#sign-out");

    browser.textOf("main", "You are signed out.");
    browser.visible("form[data-form=signin]");
    assertThat(storedToken()).isNull();
    assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
  }

  @Test
  @DisplayName(
      "A tenant token signs in as that tenant, without Tenants, and sees its own webhooks' figures (names shown as text, never as markup)")
  void tenantSignsIn() {
    TenantClient acme = shared.tenant("Acme Browser");
    acme.api()
        .post(
            "/api/internal/webhooks",
            new JsonObject()
                .put("name", "Acme <img src=x id=injected> reports")
                .put("url", "https://203.0.113.10/hook")
                .put("sslVerification", true)
                .put("events", new JsonArray().add("ReportPublished"))
                .put("enabled", true))
        .expect(201);

    signIn(acme.token());

    signedInAs("Signed in as Acme Browser");
    assertThat(
            browser.driver().findElement(By.cssSelector("nav a[data-page=tenants]")).isDisplayed())
        .isFalse();
    browser.textOf(
        "section[aria-labelledby=per-webhook-title]", "Acme <img src=x id=injected> reports");
    assertThat(browser.driver().findElements(By.id("injected"))).isEmpty();
    assertThat(browser.visible("[data-card=backlog]").getText()).contains("administrators");
  }

  @Test
  @DisplayName("A wrong token is refused with a plain message and is not kept")
  void wrongToken() {
    signIn("hr_not-a-real-token");

    String text = browser.textOf("form[data-form=signin] .notice.error", "not accepted");

    assertThat(text).contains("That token was not accepted");
    assertThat(storedToken()).isNull();
    browser.consoleMessages(); // the 401 of the probe is expected in the console
  }

  @Test
  @DisplayName(
      "A token revoked while the console is open signs it out with a message on the next call")
  void revokedTokenSignsOut() {
    TenantClient acme = shared.tenant("Acme Expiring");
    signIn(acme.token());
    signedInAs("Acme Expiring");

    var admin = shared.server().admin();
    JsonArray tokens =
        admin
            .get("/api/internal/tenants/" + acme.cuid() + "/tokens")
            .expect(200)
            .json()
            .getJsonArray("data");
    assertThat(tokens).hasSize(1);
    admin
        .delete(
            "/api/internal/tenants/"
                + acme.cuid()
                + "/tokens/"
                + tokens.getJsonObject(0).getString("cuid"))
        .expect(204);
    browser.click("nav a[data-page=webhooks]");

    browser.textOf("main", "You have been signed out");
    browser.visible("form[data-form=signin]");
    assertThat(storedToken()).isNull();
    browser.consoleMessages();
  }

  @Test
  @DisplayName(
      "Creating a webhook shows the API's validation message next to its field, then creates it; a test send reaches the receiver")
  void createWebhookAndSendTest() {
    TenantClient acme = shared.tenant("Acme Hooks");
    try (Receiver receiver = Receiver.answering(200)) {
      signIn(acme.token());
      signedInAs("Acme Hooks");
      browser.click("nav a[data-page=webhooks]");
      browser.textOf("[data-list=webhooks]", "No webhooks yet");

      browser.click("[data-action=new-webhook]");
      browser.type("form[data-form=webhook] input[name=name]", "Orders");
      browser.type("form[data-form=webhook] input[name=url]", "ftp://127.0.0.1/hook");
      browser.click("form[data-form=webhook] input[value=ReportPublished]");
      browser.click("form[data-form=webhook] button[type=submit]");

      String error = browser.textOf("[data-field=url] .error", "http");
      assertThat(error).isEqualTo("must be an absolute http or https URL");
      assertThat(
              browser
                  .visible("form[data-form=webhook] input[name=url]")
                  .getAttribute("aria-invalid"))
          .isEqualTo("true");
      browser.screenshot(SHOTS.resolve("webhook-validation.png"));

      browser.type("form[data-form=webhook] input[name=url]", receiver.url("/orders"));
      browser.click("form[data-form=webhook] button[type=submit]");

      WebElement row = browser.visible("tr[data-webhook]");
      assertThat(row.getText()).contains("Orders", receiver.url("/orders"), "Enabled");
      JsonObject listed =
          acme.api()
              .get("/api/internal/webhooks")
              .expect(200)
              .json()
              .getJsonArray("data")
              .getJsonObject(0);
      assertThat(listed.getString("url")).isEqualTo(receiver.url("/orders"));
      assertThat(listed.getJsonArray("events")).containsExactly("ReportPublished");

      browser.click("tr[data-webhook] [data-action=test]");
      browser.click("form[data-form=test] button[type=submit]");

      String result = browser.textOf("[data-test-result]", "It worked");
      assertThat(result).contains("answered 200");
      Wait.until("the test send arrives", () -> receiver.count() == 1);
      assertThat(receiver.received().get(0).path()).isEqualTo("/orders");
      assertThat(receiver.received().get(0).header("X-Hookrelay-Event")).isEqualTo("TestWebhook");
      browser.click("dialog[data-dialog=test] button.secondary");
    }
  }

  @Test
  @DisplayName(
      "An event sent through the API shows up in the delivery log, with the attempt's detail")
  void eventAppearsInLog() {
    TenantClient acme = shared.tenant("Acme Log");
    try (Receiver receiver = Receiver.answering(n -> Answer.status(200).withBody("thanks"))) {
      JsonObject hook = createHook(acme, "Invoices", receiver.url("/invoices"));
      signIn(acme.token());
      signedInAs("Acme Log");
      browser.click("nav a[data-page=log]");
      browser.textOf("[data-list=log]", "No deliveries yet");

      String eventCuid =
          acme.api()
              .post(
                  "/api/internal/events",
                  new JsonObject()
                      .put("event", "ReportPublished")
                      .put("targetType", "report")
                      .put("targetCuid", "crep1"))
              .expect(202)
              .json()
              .getString("eventCuid");

      WebElement row = browser.visible("tr[data-attempt][data-status=succeeded]");
      assertThat(row.getText()).contains("ReportPublished", "Invoices", "Succeeded", "200");
      row.findElement(By.cssSelector("[data-action=detail]")).click();
      String detail = browser.textOf("dl.detail", eventCuid);
      assertThat(detail)
          .contains(receiver.url("/invoices"), "HTTP 200", "thanks", "webhook-id")
          .contains(hook.getString("cuid"));
      String deliveryCuid = receiver.received().get(0).header("webhook-id");
      assertThat(detail).contains(deliveryCuid);
      browser.screenshot(SHOTS.resolve("log-detail.png"));
      browser.click("dialog[data-dialog=attempt] button.secondary");
      browser.screenshot(SHOTS.resolve("log.png"));
    }
  }

  @Test
  @DisplayName("A failed delivery is retried from the log and its new attempt succeeds")
  void retryFailedDelivery() {
    TenantClient acme = shared.tenant("Acme Retry");
    try (Receiver receiver = Receiver.answering(500)) {
      createHook(acme, "Flaky", receiver.url("/flaky"));
      acme.api()
          .post(
              "/api/internal/events",
              new JsonObject()
                  .put("event", "ReportPublished")
                  .put("targetType", "report")
                  .put("targetCuid", "crep2"))
          .expect(202);
      Wait.until("the failed attempt is logged", () -> logged(acme, "failed") == 1);
      receiver.answer(n -> Answer.status(200));

      signIn(acme.token());
      signedInAs("Acme Retry");
      browser.click("nav a[data-page=log]");
      browser.click("tr[data-status=failed] [data-action=retry]");

      browser.textOf("#status", "queued again");
      Wait.until(
          "the retried delivery succeeds",
          Duration.ofSeconds(20),
          () -> logged(acme, "succeeded") == 1);
      assertThat(receiver.count()).isEqualTo(2);
      browser.visible("tr[data-attempt][data-status=failed] [data-action=detail]").click();
      browser.click("dialog[data-dialog=attempt] button.secondary");
      WebElement row = browser.visible("tr[data-attempt][data-status=succeeded]");
      assertThat(row.getText()).contains("Flaky", "Succeeded");
      assertThat(active().getAttribute("data-action"))
          .as("the focus stays on its control while new attempts arrive")
          .isEqualTo("detail");

      new Select(browser.visible("form[data-form=log-filters] select[name=status]"))
          .selectByValue("failed");
      browser.click("form[data-form=log-filters] button[type=submit]");
      browser.until(d -> d.getCurrentUrl().contains("status=failed"));
      browser.until(
          d ->
              d.findElements(By.cssSelector("tr[data-attempt]")).size() == 1
                  && d.findElements(By.cssSelector("tr[data-status=failed]")).size() == 1);
    }
  }

  @Test
  @DisplayName(
      "A webhook is edited, disabled and, after a confirmation that can be cancelled, deleted")
  void editDisableDelete() {
    TenantClient acme = shared.tenant("Acme Edits");
    String cuid = createHook(acme, "Before", "https://203.0.113.10/before").getString("cuid");
    String path = "/api/internal/webhooks/" + cuid;
    signIn(acme.token());
    signedInAs("Acme Edits");
    browser.click("nav a[data-page=webhooks]");

    browser.click("tr[data-webhook] [data-action=edit]");
    browser.type("form[data-form=webhook] input[name=name]", "After");
    browser.click("form[data-form=webhook] input[value=FindingPublished]");
    browser.click("form[data-form=webhook] button[type=submit]");
    browser.textOf("tr[data-webhook]", "After");
    JsonObject edited = acme.api().get(path).expect(200).json();
    assertThat(edited.getString("name")).isEqualTo("After");
    assertThat(edited.getJsonArray("events"))
        .containsExactly("ReportPublished", "FindingPublished");

    browser.click("tr[data-webhook] [data-action=toggle]");
    browser.textOf("tr[data-webhook] td[data-label=Status]", "Disabled");
    assertThat(acme.api().get(path).expect(200).json().getBoolean("enabled")).isFalse();

    browser.click("tr[data-webhook] [data-action=delete]");
    browser.click("dialog[data-dialog=confirm] button.secondary");
    acme.api().get(path).expect(200);
    browser.click("tr[data-webhook] [data-action=delete]");
    browser.click("dialog[data-dialog=confirm] button.danger");
    browser.textOf("[data-list=webhooks]", "No webhooks yet");
    acme.api().get(path).expect(404);
  }

  @Test
  @DisplayName(
      "Tenants: the admin creates one (a missing name is shown next to its field), mints a token shown once, and switches its webhooks off")
  void tenantsPage() {
    signIn(TestServer.ADMIN);
    signedInAs("administrator");
    browser.click("nav a[data-page=tenants]");
    browser.visible("[data-list=tenants]");

    browser.click("[data-action=new-tenant]");
    browser.click("form[data-form=tenant] button[type=submit]");
    assertThat(browser.textOf("[data-field=name] .error", "empty")).contains("must not be empty");
    String name = "Globex " + System.nanoTime();
    browser.type("form[data-form=tenant] input[name=name]", name);
    browser.click("form[data-form=tenant] button[type=submit]");

    WebElement row =
        browser.visible(By.xpath("//tr[@data-tenant][.//strong[text()='" + name + "']]"));
    String cuid = row.getAttribute("data-tenant");
    assertThat(row.getText()).contains("On");
    browser.screenshot(SHOTS.resolve("tenants.png"));

    browser.click("tr[data-tenant='" + cuid + "'] [data-action=tokens]");
    browser.click("dialog[data-dialog=tokens] [data-action=mint]");
    String token = browser.visible("[data-minted] input[data-once]").getAttribute("value");
    assertThat(token).startsWith("hr_");
    assertThat(browser.visible("[data-minted]").getText()).contains("shown only this once", "Copy");
    browser.screenshot(SHOTS.resolve("token-minted.png"));
    try (var api = shared.server().as(token)) {
      api.get("/api/internal/webhooks").expect(200);
    }
    browser.click("dialog[data-dialog=tokens] .actions button.secondary");
    browser.click("tr[data-tenant='" + cuid + "'] [data-action=tokens]");
    browser.visible("dialog[data-dialog=tokens]");
    assertThat(browser.driver().findElements(By.cssSelector("[data-minted] input"))).isEmpty();
    browser.click("dialog[data-dialog=tokens] .actions button.secondary");

    browser.click("tr[data-tenant='" + cuid + "'] [data-action=toggle]");
    browser.click("dialog[data-dialog=confirm] button.danger");
    browser.textOf("tr[data-tenant='" + cuid + "']", "Off");
    assertThat(
            shared
                .server()
                .admin()
                .get("/api/internal/tenants?page[size]=100")
                .expect(200)
                .json()
                .getJsonArray("data")
                .stream()
                .map(t -> (JsonObject) t)
                .filter(t -> t.getString("cuid").equals(cuid))
                .findFirst()
                .orElseThrow()
                .getBoolean("webhooksEnabled"))
        .isFalse();
    browser.consoleMessages();
  }

  @Test
  @DisplayName(
      "The admin picks a tenant to see its webhooks; on a phone-sized window the table reads as cards, without sideways scrolling")
  void adminSeesATenantsWebhooks() {
    TenantClient acme = shared.tenant("Acme Picked");
    createHook(acme, "Shipping", "https://203.0.113.10/ship");
    createHook(acme, "Invoices", "https://203.0.113.10/invoices");
    signIn(TestServer.ADMIN);
    signedInAs("administrator");
    browser.click("nav a[data-page=webhooks]");
    browser.textOf("main", "Choose a tenant");

    browser.visible("select[data-tenant-picker]");
    new Select(browser.driver().findElement(By.cssSelector("select[data-tenant-picker]")))
        .selectByValue(acme.cuid());

    assertThat(browser.visible("[data-list=webhooks]").getText()).contains("Shipping", "Invoices");
    browser.screenshot(SHOTS.resolve("webhooks.png"));
    browser.size(390, 844);
    try {
      assertThat(browser.visible("tr[data-webhook] td[data-label=Address]").getText())
          .contains("203.0.113.10");
      assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
          .as("no sideways scrolling on a phone")
          .isEqualTo(true);
      browser.screenshot(SHOTS.resolve("webhooks-phone.png"));
    } finally {
      browser.size(1280, 900);
    }
  }

  @Test
  @DisplayName(
      "Everything used here works from the keyboard: sign in, move between pages, open and close a form")
  void keyboardOnly() {
    TenantClient acme = shared.tenant("Acme Keys");
    browser.open(base + "/admin/");
    browser.script("sessionStorage.clear()");
    browser.open(base + "/admin/");
    browser.visible("form[data-form=signin]");

    active().sendKeys(acme.token() + Keys.ENTER);

    signedInAs("Acme Keys");
    browser.until(d -> "Overview".equals(active().getText()));
    tabTo("the Webhooks link", e -> "Webhooks".equals(e.getText()) && "a".equals(e.getTagName()));
    active().sendKeys(Keys.ENTER);
    browser.until(d -> "Webhooks".equals(active().getText()) && "h1".equals(active().getTagName()));
    tabTo("the New webhook button", e -> "New webhook".equals(e.getText()));
    active().sendKeys(Keys.ENTER);
    browser.until(d -> "name".equals(active().getAttribute("name")));
    active().sendKeys("Typed");
    tabTo("the Create button", e -> "Create webhook".equals(e.getText()));
    active().sendKeys(Keys.ENTER);
    browser.textOf("[data-field=url] .error", "");
    browser.until(d -> "url".equals(active().getAttribute("name")));
    active().sendKeys(Keys.ESCAPE);
    browser.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
  }

  private static WebElement active() {
    return browser.driver().switchTo().activeElement();
  }

  /** Presses Tab until the focused element is the one wanted (at most 40 times). */
  private static void tabTo(String what, java.util.function.Predicate<WebElement> wanted) {
    for (int i = 0; i < 40; i++) {
      if (wanted.test(active())) {
        return;
      }
      active().sendKeys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached " + what);
  }

  private static JsonObject createHook(TenantClient tenant, String name, String url) {
    return tenant
        .api()
        .post(
            "/api/internal/webhooks",
            new JsonObject()
                .put("name", name)
                .put("url", url)
                .put("sslVerification", true)
                .put("events", new JsonArray().add("ReportPublished"))
                .put("enabled", true))
        .expect(201)
        .json();
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
