package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Browser;
import io.hookrelay.support.RawHttp;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The API reference at {@code /docs/} in Debian's headless Chromium: Swagger UI from the jar shows
 * every operation of this server's {@code /openapi.json}, and the page loads nothing from anywhere
 * but this server. A screenshot goes to {@code target/docs/reference.png}.
 */
class DocsBrowserTest {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static TestServer server;
  private static Browser browser;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.close();
    server.close();
  }

  @Test
  @DisplayName(
      "/docs redirects to /docs/, whose responses let the browser load from this server only")
  void headers() {
    try (RawHttp raw = new RawHttp(server.port())) {
      RawHttp.Response redirect =
          raw.send("GET /docs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").response(Duration.ofSeconds(5));
      assertThat(redirect.status()).isEqualTo(301);
      assertThat(redirect.head()).containsIgnoringCase("location: /docs/");
    }
    try (Api nobody = new Api(server.port(), null)) {
      Api.Response page = nobody.get("/docs/").expect(200);
      assertThat(page.contentType()).startsWith("text/html");
      assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
      assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("//");
      Api.Response init = nobody.get("/docs/swagger-initializer.js").expect(200);
      assertThat(init.body()).contains("\"/openapi.json\"").contains("validatorUrl: null");
      nobody.get("/docs/no-such-file.js").expect(404);
    }
  }

  @Test
  @DisplayName(
      "Swagger UI at /docs/ lists every documented operation and fetches nothing from elsewhere")
  void reference() {
    JsonObject document;
    try (Api nobody = new Api(server.port(), null)) {
      document = nobody.get("/openapi.json").expect(200).json();
    }
    int operations = 0;
    for (String path : document.getJsonObject("paths").fieldNames()) {
      for (String key : document.getJsonObject("paths").getJsonObject(path).fieldNames()) {
        operations += METHODS.contains(key) ? 1 : 0;
      }
    }
    String origin = "http://127.0.0.1:" + server.port();

    browser.open(origin + "/docs/");
    int expected = operations;
    browser.until(d -> d.findElements(By.cssSelector(".opblock")).size() == expected);

    assertThat(browser.driver().findElements(By.cssSelector(".opblock-summary-path")))
        .extracting(e -> e.getAttribute("data-path"))
        .contains("/api/internal/events", "/api/internal/webhooks/{webhookCuid}");
    @SuppressWarnings("unchecked")
    List<String> loaded =
        (List<String>)
            browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".concat([location.href]);");
    assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
    assertThat(loaded).contains(origin + "/openapi.json");
    assertThat(browser.consoleMessages())
        .as("no script error, no Content-Security-Policy refusal")
        .noneMatch(m -> m.contains("Uncaught") || m.contains("Content Security Policy"));
    browser.screenshot(Path.of("target", "docs", "reference.png"));
  }
}
