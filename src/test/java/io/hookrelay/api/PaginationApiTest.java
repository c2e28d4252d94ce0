package io.hookrelay.api;

import static io.hookrelay.api.ApiBodies.PATH;
import static io.hookrelay.api.ApiBodies.invalid;
import static io.hookrelay.api.ApiBodies.message;
import static io.hookrelay.api.ApiBodies.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/internal/webhooks?page[size]=…&page[current]=…}: edges, order and meta.page. */
class PaginationApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  private Api api;

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeClient() {
    if (api != null) {
      api.close();
    }
  }

  /** A fresh tenant with {@code count} webhooks named h1 … hN, created in that order. */
  private Api tenantWith(int count) {
    api = server.newTenant("Pager").api();
    IntStream.rangeClosed(1, count).forEach(i -> ApiBodies.create(api, valid("h" + i)));
    return api;
  }

  private static JsonObject page(Api api, String query) {
    return api.get(PATH + query).expect(200).json();
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonArray("data").stream().map(w -> ((JsonObject) w).getString("name")).toList();
  }

  private static JsonObject meta(int current, int size, int totalResults, int totalPages) {
    return new JsonObject()
        .put("current", current)
        .put("size", size)
        .put("totalResults", totalResults)
        .put("totalPages", totalPages);
  }

  @Test
  @DisplayName(
      "A tenant without webhooks gets an empty page: no data, 0 results, 0 pages, defaults echoed")
  void empty() {
    JsonObject page = page(tenantWith(0), "");

    assertThat(page.getJsonArray("data")).isEmpty();
    assertThat(page.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(1, 25, 0, 0));
  }

  @Test
  @DisplayName("Without parameters the size is 25 and the page is 1")
  void defaults() {
    JsonObject page = page(tenantWith(27), "");

    assertThat(page.getJsonArray("data")).hasSize(25);
    assertThat(page.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(1, 25, 27, 2));
  }

  @Test
  @DisplayName("Webhooks are listed newest first, on every page")
  void newestFirst() {
    tenantWith(5);

    assertThat(names(page(api, ""))).containsExactly("h5", "h4", "h3", "h2", "h1");
    assertThat(names(page(api, "?page[size]=2&page[current]=1"))).containsExactly("h5", "h4");
    assertThat(names(page(api, "?page[size]=2&page[current]=2"))).containsExactly("h3", "h2");
  }

  @Test
  @DisplayName(
      "With a count that is an exact multiple of the size, the last page is full and there is no extra page")
  void exactMultiple() {
    tenantWith(6);

    JsonObject last = page(api, "?page[size]=3&page[current]=2");

    assertThat(names(last)).containsExactly("h3", "h2", "h1");
    assertThat(last.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(2, 3, 6, 2));
  }

  @Test
  @DisplayName("The last page holds the remainder, and totalPages rounds up")
  void lastPartialPage() {
    tenantWith(7);

    JsonObject last = page(api, "?page[size]=3&page[current]=3");

    assertThat(names(last)).containsExactly("h1");
    assertThat(last.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(3, 3, 7, 3));
  }

  @Test
  @DisplayName("A page past the last one is empty, with the true totals")
  void pastTheEnd() {
    JsonObject page = page(tenantWith(2), "?page[size]=2&page[current]=5");

    assertThat(page.getJsonArray("data")).isEmpty();
    assertThat(page.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(5, 2, 2, 1));
  }

  @Test
  @DisplayName("Sizes 1 and 100, the ends of the range, are accepted")
  void sizeBounds() {
    tenantWith(3);

    JsonObject one = page(api, "?page[size]=1");
    JsonObject hundred = page(api, "?page[size]=100");

    assertThat(names(one)).containsExactly("h3");
    assertThat(one.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(1, 1, 3, 3));
    assertThat(names(hundred)).containsExactly("h3", "h2", "h1");
    assertThat(hundred.getJsonObject("meta").getJsonObject("page")).isEqualTo(meta(1, 100, 3, 1));
  }

  @Test
  @DisplayName("Brackets may also be sent percent-encoded, as most HTTP clients do")
  void encodedBrackets() {
    JsonObject page = page(tenantWith(3), "?page%5Bsize%5D=2&page%5Bcurrent%5D=2");

    assertThat(names(page)).containsExactly("h1");
  }

  @ParameterizedTest(name = "page[size]={0}")
  @CsvSource({"0", "101", "-1", "abc", "1.5", "''", "99999999999"})
  @DisplayName("A page[size] outside 1–100 or not a whole number is a 400 naming page[size]")
  void badSize(String value) {
    Api.Response response = tenantWith(0).get(PATH + "?page[size]=" + value);

    invalid(response, "page[size]");
    assertThat(message(response, "page[size]")).contains("100");
  }

  @ParameterizedTest(name = "page[current]={0}")
  @CsvSource({"0", "-1", "abc", "2.0", "''"})
  @DisplayName("A page[current] below 1 or not a whole number is a 400 naming page[current]")
  void badCurrent(String value) {
    invalid(tenantWith(0).get(PATH + "?page[current]=" + value), "page[current]");
  }

  @Test
  @DisplayName("Both parameters wrong are both listed")
  void bothBad() {
    invalid(
        tenantWith(0).get(PATH + "?page[size]=0&page[current]=0"), "page[size]", "page[current]");
  }
}
