package io.hookrelay.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.SharedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's files over plain HTTP: security and caching headers, redirect, errors. */
@DisplayName("The admin console's files are served with strict security headers")
class ConsoleHeadersTest {

  @RegisterExtension static final SharedServer shared = new SharedServer();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shared.server().port() + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void secured(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'self'");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  @DisplayName("/admin redirects to /admin/, with the security headers")
  void redirect() throws Exception {
    HttpResponse<String> response = get("/admin");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).hasValue("/admin/");
    secured(response);
  }

  @Test
  @DisplayName(
      "/admin/ serves the page, its script and style with CSP, X-Frame-Options, nosniff and revalidation caching")
  void files() throws Exception {
    for (String[] file :
        List.of(
            new String[] {"/admin/", "text/html"},
            new String[] {"/admin/js/main.js", "text/javascript"},
            new String[] {"/admin/js/pages/webhooks.js", "text/javascript"},
            new String[] {"/admin/app.css", "text/css"})) {
      HttpResponse<String> response = get(file[0]);

      assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith(file[1]);
      secured(response);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      String modified = response.headers().firstValue("Last-Modified").orElseThrow();

      HttpResponse<String> again = get(file[0], "If-Modified-Since", modified);
      assertThat(again.statusCode()).as(file[0] + " revalidated").isEqualTo(304);
      secured(again);
    }
    assertThat(get("/admin/").body()).contains("<script type=\"module\" src=\"js/main.js\">");
  }

  @Test
  @DisplayName("A missing file under /admin/ is a JSON 404 that carries the security headers too")
  void missing() throws Exception {
    HttpResponse<String> response = get("/admin/no-such-file.js");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error\":\"not_found\"");
    secured(response);
    assertThat(get("/administrator").headers().firstValue("Content-Security-Policy")).isEmpty();
  }

  @Test
  @DisplayName(
      "No console file has inline script, an inline event handler or a style attribute (the CSP would block them)")
  void nothingInline() throws IOException {
    Path root = Path.of("src/main/resources/console");
    Pattern inlineScript =
        Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    Pattern style = Pattern.compile("\\sstyle\\s*=|<style|\\.style\\b|'style'\\s*[,:]|innerHTML");
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertThat(all).anyMatch(p -> p.toString().endsWith(".js"));
      for (Path file : all) {
        String text = Files.readString(file);
        assertThat(inlineScript.matcher(text).find()).as(file + " inline script").isFalse();
        if (!file.toString().endsWith(".css")) {
          assertThat(handler.matcher(text).find()).as(file + " inline handler").isFalse();
          assertThat(
                  style
                      .matcher(
                          file.toString().endsWith("ui.js")
                              ? text.replace("if (k === 'style') throw", "")
                              : text)
                      .find())
              .as(file + " inline style")
              .isFalse();
        }
      }
    }
  }
}
