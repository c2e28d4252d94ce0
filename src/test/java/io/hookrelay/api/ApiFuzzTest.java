package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.webhook.WebhookValidator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the management and ingest API through the real server on loopback
 * (memory store): random methods on every {@code /api} route, random ids, query parameters, content
 * types and bodies — random JSON shapes and types, any unicode (U+0000 and unpaired surrogates
 * included), huge numbers, deep nesting, broken JSON. Every answer must be a documented status
 * (never a 5xx), every error the documented error body, and nothing may ever change another
 * tenant's data or reach its receiver.
 *
 * <p>Safety: the only network traffic goes to 127.0.0.1. Every URL in a body that is a well-formed
 * http(s) URL is replaced by the fuzzer's own receiver on 127.0.0.1, so nothing is ever resolved or
 * sent elsewhere.
 */
class ApiFuzzTest {

  private static final Set<Integer> DOCUMENTED =
      Set.of(200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 413, 414, 429, 431);
  private static final String API = "/api/internal";
  private static final Object JSON_NULL = new Object();

  private static TestServer server;
  private static Receiver receiver;
  private static Receiver victimReceiver;
  private static Vertx vertx;
  private static WebClient client;
  private static TenantClient fuzzer;
  private static TenantClient victim;
  private static String fuzzerWebhook;
  private static String victimWebhook;
  private static JsonObject victimWebhooks;
  private static List<String> victimTokens;

  /** Who calls: a token, and whether the call may name the victim's ids. */
  record Caller(String authorization, boolean admin) {}

  /** One request: method, path with query, Authorization, Content-Type, body bytes (or none). */
  record Call(HttpMethod method, String uri, Caller caller, String contentType, byte[] body) {
    @Override
    public String toString() {
      return method
          + " "
          + shortened(uri)
          + (caller.admin() ? " [admin]" : "")
          + " ("
          + contentType
          + ") "
          + (body == null ? "<no body>" : shortened(new String(body, StandardCharsets.UTF_8)));
    }

    private static String shortened(String s) {
      return s.length() <= 400 ? s : s.substring(0, 400) + "… (" + s.length() + " chars)";
    }
  }

  /** A number written as it stands in the JSON text (so it may be out of any Java range). */
  record RawNumber(String text) {}

  @BeforeContainer
  static void start() {
    server = TestServer.start();
    receiver = Receiver.answering(200);
    victimReceiver = Receiver.answering(200);
    fuzzer = server.newTenant("Fuzzer");
    victim = server.newTenant("Victim");
    // jqwik, not Jupiter, runs this class: no VertxExtension to inject a Vert.x
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    fuzzerWebhook = ApiBodies.create(fuzzer.api(), hook(receiver.url("/fuzz"))).getString("cuid");
    victimWebhook =
        ApiBodies.create(victim.api(), hook(victimReceiver.url("/victim"))).getString("cuid");
    victimWebhooks = victimState();
    victimTokens = victimTokens();
  }

  @AfterContainer
  static void stop() {
    if (client != null) {
      client.close();
      vertx.close().await();
    }
    if (fuzzer != null) {
      fuzzer.api().close();
      victim.api().close();
    }
    if (receiver != null) {
      receiver.close();
      victimReceiver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject hook(String url) {
    return ApiBodies.valid("hook")
        .put("url", url)
        .put(
            "events",
            new JsonArray()
                .add("ReportPublished")
                .add("FindingPublished")
                .add("AssessmentSubmitted")
                .add("SchedulerEngagementSubmitted")
                .add("ReportStatusChanged"));
  }

  private static JsonObject victimState() {
    return victim.api().get(ApiBodies.PATH + "?page[size]=100").expect(200).json();
  }

  private static List<String> victimTokens() {
    return server
        .admin()
        .get(API + "/tenants/" + victim.cuid() + "/tokens")
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(t -> ((JsonObject) t).getString("cuid"))
        .toList();
  }

  @Property(tries = 300)
  void everyAnswerIsDocumentedAndNoTenantTouchesAnother(@ForAll("calls") Call call) {
    HttpResponse<Buffer> response = send(call);
    int status = response.statusCode();

    assertThat(DOCUMENTED)
        .as(
            "status %d for %s: %s",
            status, call, Call.shortened(String.valueOf(response.bodyAsString())))
        .contains(status);
    if (status >= 400) {
      JsonObject error = new JsonObject(response.bodyAsString());
      assertThat(error.getInteger("status")).as("%s", call).isEqualTo(status);
      assertThat(error.getString("error")).as("%s", call).isNotBlank();
      assertThat(error.getString("message")).as("%s", call).isNotBlank();
    }
    assertThat(victimState()).as("the victim's webhooks after %s", call).isEqualTo(victimWebhooks);
    assertThat(victimTokens()).as("the victim's tokens after %s", call).isEqualTo(victimTokens);
    assertThat(victimReceiver.count()).as("deliveries to the victim after %s", call).isZero();
  }

  private static HttpResponse<Buffer> send(Call call) {
    HttpRequest<Buffer> request =
        client.request(call.method(), server.port(), "127.0.0.1", call.uri());
    if (call.caller().authorization() != null) {
      request.putHeader("Authorization", call.caller().authorization());
    }
    if (call.contentType() != null) {
      request.putHeader("Content-Type", call.contentType());
    }
    return (call.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(call.body())))
        .await();
  }

  // ---- generators ------------------------------------------------------------------------------

  @Provide
  Arbitrary<Call> calls() {
    return callers()
        .flatMap(
            caller ->
                Combinators.combine(
                        Arbitraries.of(
                            HttpMethod.GET,
                            HttpMethod.POST,
                            HttpMethod.PATCH,
                            HttpMethod.DELETE,
                            HttpMethod.PUT),
                        paths(caller),
                        queries(caller),
                        contentTypes(),
                        bodies())
                    .as(
                        (method, path, query, type, body) ->
                            new Call(method, path + query, caller, type, body)));
  }

  private Arbitrary<Caller> callers() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(14, Arbitraries.just(new Caller("Bearer " + fuzzer.token(), false))),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(new Caller(fuzzer.token(), false))),
        net.jqwik.api.Tuple.of(3, Arbitraries.just(new Caller("Bearer " + TestServer.ADMIN, true))),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Caller(null, false))),
        net.jqwik.api.Tuple.of(1, texts().map(t -> new Caller("Bearer " + ascii(t), false))));
  }

  /** Ids for a path segment: real ones of both tenants (the victim's only for a tenant token). */
  private Arbitrary<String> ids(Caller caller) {
    List<String> known = new ArrayList<>(List.of(fuzzer.cuid(), fuzzerWebhook));
    if (!caller.admin()) {
      known.addAll(List.of(victim.cuid(), victimWebhook));
    }
    return Arbitraries.oneOf(
        Arbitraries.of(known),
        Arbitraries.of(
            "cnosuchthing0000000000000", "", "%00", "c%00x", "..", "%2e%2e", "%ED%A0%80"),
        texts().map(ApiFuzzTest::segment));
  }

  private Arbitrary<String> paths(Caller caller) {
    Arbitrary<String> id = ids(caller);
    return Arbitraries.oneOf(
        Arbitraries.of(
            API + "/webhooks",
            API + "/webhooks/test",
            API + "/webhookevents",
            API + "/events",
            API + "/webhookslog",
            API + "/tenants",
            API + "/nosuchroute",
            "/api/",
            "/api/internal"),
        id.map(i -> API + "/webhooks/" + i),
        id.map(i -> API + "/webhookslog/" + i + "/retry"),
        id.map(i -> API + "/tenants/" + i),
        id.map(i -> API + "/tenants/" + i + "/tokens"),
        Combinators.combine(id, id).as((t, k) -> API + "/tenants/" + t + "/tokens/" + k));
  }

  private Arbitrary<String> queries(Caller caller) {
    Arbitrary<String> name =
        Arbitraries.oneOf(
            Arbitraries.of(
                "tenantCuid",
                "page[size]",
                "page[current]",
                "limit",
                "offset",
                "status",
                "event",
                "webhookCuid"),
            texts().map(ApiFuzzTest::segment));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            caller.admin()
                ? Arbitraries.of(fuzzer.cuid())
                : Arbitraries.of(fuzzer.cuid(), victim.cuid(), victimWebhook),
            Arbitraries.of(
                "1",
                "0",
                "-1",
                "25",
                "100",
                "101",
                "500",
                "501",
                "99999999999999999999",
                "1e3",
                "failed",
                "ReportPublished",
                "%00",
                "%ED%A0%80",
                ""),
            texts().map(ApiFuzzTest::segment));
    Arbitrary<String> param = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return param.list().ofMaxSize(3).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&", ps));
  }

  private Arbitrary<String> contentTypes() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just("application/json")),
        net.jqwik.api.Tuple.of(2, Arbitraries.just("application/x-www-form-urlencoded")),
        net.jqwik.api.Tuple.of(1, Arbitraries.just("multipart/form-data; boundary=fuzz")),
        net.jqwik.api.Tuple.of(1, Arbitraries.just("text/plain; charset=latin1")),
        net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
  }

  private Arbitrary<byte[]> bodies() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, mutatedValidBodies().map(ApiFuzzTest::safeJson)),
        net.jqwik.api.Tuple.of(3, objects().map(ApiFuzzTest::safeJson)),
        net.jqwik.api.Tuple.of(1, values().map(ApiFuzzTest::safeJson)),
        net.jqwik.api.Tuple.of(2, garbage()),
        net.jqwik.api.Tuple.of(1, Arbitraries.just((byte[]) null)));
  }

  /**
   * A valid body of some resource with one to three fields replaced by random values or removed.
   */
  private Arbitrary<Object> mutatedValidBodies() {
    Arbitrary<Map<String, Object>> valid =
        Arbitraries.of(
                "webhook", "event", "tenant", "test", "tenantPatch", "eventMany", "webhookPatch")
            .map(ApiFuzzTest::validBody);
    Arbitrary<List<Map.Entry<String, Object>>> changes =
        Combinators.combine(fieldNames(), Arbitraries.oneOf(values(), Arbitraries.just(REMOVE)))
            .as(Map::entry)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3);
    return Combinators.combine(valid, changes)
        .as(
            (body, list) -> {
              Map<String, Object> out = new LinkedHashMap<>(body);
              for (Map.Entry<String, Object> change : list) {
                if (change.getValue() == REMOVE) {
                  out.remove(change.getKey());
                } else {
                  out.put(change.getKey(), change.getValue());
                }
              }
              return out;
            });
  }

  private static final Object REMOVE = new Object();

  private static Map<String, Object> validBody(String kind) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (kind) {
      case "webhook" -> {
        body.put("name", "fuzzed");
        body.put("url", "http://127.0.0.1/");
        body.put("sslVerification", true);
        body.put("events", List.of("ReportPublished"));
        body.put("enabled", true);
        body.put("clientCuids", List.of("cclient"));
        body.put("secret", "s3cret");
      }
      case "webhookPatch" -> body.put("enabled", false);
      case "event" -> {
        body.put("event", "ReportPublished");
        body.put("targetCuid", "ctarget");
        body.put("text", "hello");
        body.put("data", Map.of("k", List.of(1, "v")));
      }
      case "eventMany" -> {
        body.put("id", "idem-1");
        body.put("event", "FindingPublished");
        body.put("targetCuids", List.of("c1", "c2"));
        body.put("clientCuid", "cclient");
      }
      case "tenant" -> {
        body.put("name", "Fuzzed tenant");
        body.put("webhooksEnabled", true);
      }
      case "tenantPatch" -> body.put("webhooksEnabled", true);
      default -> {
        body.put("url", "http://127.0.0.1/");
        body.put("secret", null);
        body.put("sslVerification", false);
      }
    }
    return body;
  }

  private static Arbitrary<String> fieldNames() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "clientCuids",
            "name",
            "url",
            "secret",
            "sslVerification",
            "events",
            "enabled",
            "id",
            "event",
            "clientCuid",
            "actorCuid",
            "targetType",
            "targetCuid",
            "targetCuids",
            "text",
            "data",
            "webhooksEnabled",
            "tenantCuid",
            "graceSeconds",
            "since",
            "until",
            "rateLimitPerSecond",
            "ordering",
            "orderingKey"),
        texts());
  }

  /** Strings of every kind: any unicode (lone surrogates too), U+0000, names that matter. */
  private static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.strings().alpha().numeric().ofMaxLength(30),
        Arbitraries.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "x\udc00",
            "\uD83C\uDF89",
            "ReportPublished",
            "TestWebhook",
            "true",
            "null",
            "http://127.0.0.1/hook",
            "https://203.0.113.10/x",
            "http://localhost/",
            "x".repeat(201),
            "x".repeat(70_000)));
  }

  private static Arbitrary<Object> leaves() {
    return Arbitraries.oneOf(
        texts().map(s -> (Object) s),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(JSON_NULL),
        Arbitraries.integers().map(i -> (Object) new RawNumber(Integer.toString(i))),
        Arbitraries.of(
                "0",
                "-0",
                "1.5",
                "-1",
                "1e400",
                "-1e400",
                "1e-400",
                "2147483648",
                "9223372036854775808",
                "123456789012345678901234567890",
                "0.1e1",
                "1E2",
                "9".repeat(999),
                "9".repeat(1_500))
            .map(t -> (Object) new RawNumber(t)));
  }

  private static Arbitrary<Object> values() {
    return Arbitraries.recursive(
        ApiFuzzTest::leaves,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Combinators.combine(fieldNames(), inner)
                    .as(Map::entry)
                    .list()
                    .ofMaxSize(4)
                    .map(ApiFuzzTest::object)),
        0,
        4);
  }

  private static Arbitrary<Object> objects() {
    return Combinators.combine(fieldNames(), values())
        .as(Map::entry)
        .list()
        .ofMaxSize(6)
        .map(ApiFuzzTest::object);
  }

  private static Object object(List<Map.Entry<String, Object>> entries) {
    Map<String, Object> map = new LinkedHashMap<>();
    entries.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** Bodies that are not one well-formed JSON value. */
  private static Arbitrary<byte[]> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.of(
                "",
                "{",
                "}",
                "{\"name\":",
                "{\"a\":1}{\"b\":2}",
                "{\"a\":1,}",
                "[1,2",
                "nul",
                "\"\\ud800\"",
                "{\"name\":\"\\u0000\"}",
                "{\"name\":\"\\ud800\\ud800\"}",
                "{'single': 'quotes'}",
                "{\"a\":NaN}",
                "{\"a\":Infinity}",
                "[".repeat(3_000) + "]".repeat(3_000),
                "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
                "{\"data\":"
                    + "[".repeat(900)
                    + "]".repeat(900)
                    + ",\"event\":\"ReportPublished\",\"targetCuid\":\"c\"}",
                "{\"n\":" + "9".repeat(20_000) + "}",
                "name=x&url=y",
                "--fuzz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--fuzz--")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.just(
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
        Arbitraries.just(
            new byte[] {
              '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
            }));
  }

  // ---- JSON text with every string escaped, so lone surrogates and U+0000 travel as escapes ----

  private static byte[] safeJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, safeUrls(value));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The value with every top-level {@code url} that is a well-formed http(s) URL pointed at the
   * fuzzer's receiver: nothing but 127.0.0.1 is ever resolved or called.
   */
  private static Object safeUrls(Object value) {
    if (value instanceof Map<?, ?> map && map.get("url") instanceof String url) {
      Map<Object, Object> out = new LinkedHashMap<>(map);
      out.put("url", safeUrl(url));
      return out;
    }
    return value;
  }

  private static String safeUrl(String url) {
    if (url.length() > WebhookValidator.MAX_URL || WebhookValidator.urlProblem(url) != null) {
      return url; // refused for its form; never resolved
    }
    try {
      String host = new URI(url).getHost();
      if ("127.0.0.1".equals(host) && url.startsWith(receiver.url(""))) {
        return url;
      }
    } catch (Exception e) {
      // not a URI: fall through to the receiver
    }
    return receiver.url("/fuzz");
  }

  private static void write(StringBuilder out, Object value) {
    if (value == JSON_NULL || value == null) {
      out.append("null");
    } else if (value instanceof RawNumber n) {
      out.append(n.text());
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String ascii(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().filter(c -> c > 0x20 && c < 0x7f).forEach(c -> out.append((char) c));
    return out.toString();
  }
}
