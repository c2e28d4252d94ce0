package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * W3C {@code traceparent} from ingest to every attempt, through the real server on loopback, on
 * each store (a subclass per store): HTTP and event-bus ingest, fan-out, retries, the log's {@code
 * traceId}, and headers that W3C says to ignore.
 */
@ExtendWith(VertxExtension.class)
public abstract class TraceApiTest {

  /** What a receiver must get: version 00, 32 and 16 lowercase hex digits, 2 of flags. */
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";
  private static final String INCOMING = "00-" + TRACE + "-" + PARENT + "-01";

  private static TestServer server;
  private static AutoCloseable storeCleanup;
  private static Vertx vertx;
  private static WebClient client;

  private TenantClients tenants;
  private TenantClient acme;
  private Receiver receiver;

  /**
   * Starts the server on the subclass's store; {@code cleanup} runs once it has stopped. The client
   * and the receivers run on {@code vertx}, the class's from VertxExtension.
   */
  protected static void start(Vertx vertx, JsonObject storeOverrides, AutoCloseable cleanup) {
    TraceApiTest.vertx = vertx;
    storeCleanup = cleanup;
    server =
        TestServer.start(
            storeOverrides.mergeIn(
                new JsonObject().put("delivery", new JsonObject().put("maxRetries", 2)), true));
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
    storeCleanup.close();
  }

  @BeforeEach
  void tenant() {
    tenants = new TenantClients(server);
    acme = tenants.create("Acme");
    receiver = Receiver.answering(vertx, 200);
  }

  @AfterEach
  void close() {
    receiver.close();
    tenants.close();
  }

  @Test
  @DisplayName(
      "An event's traceparent reaches its receiver with the same trace id and flags, a new parent id, and the log shows the trace id")
  void roundTrip() {
    String webhook = Hooks.create(acme.api(), Hooks.webhook(receiver.url("/t"), "ReportPublished"));

    String eventCuid = post(event("ReportPublished"), INCOMING);

    Matcher sent = traceparent(arrived(receiver, eventCuid).get(0));
    assertThat(sent.group(1)).isEqualTo(TRACE);
    assertThat(sent.group(2)).isNotEqualTo(PARENT).isNotEqualTo("0000000000000000");
    assertThat(sent.group(3)).isEqualTo("01");
    List<JsonObject> log = Hooks.finished(acme.api(), webhook);
    assertThat(log)
        .singleElement()
        .satisfies(a -> assertThat(a.getString("traceId")).isEqualTo(TRACE));
  }

  @Test
  @DisplayName("The flags of the incoming traceparent are kept: not sampled stays not sampled")
  void flagsKept() {
    Hooks.create(acme.api(), Hooks.webhook(receiver.url("/t"), "ReportPublished"));
    String trace = "0af7651916cd43dd8448eb211c80319c";

    String eventCuid = post(event("ReportPublished"), "00-" + trace + "-b7ad6b7169203331-00");

    Matcher sent = traceparent(arrived(receiver, eventCuid).get(0));
    assertThat(sent.group(1)).isEqualTo(trace);
    assertThat(sent.group(3)).isEqualTo("00");
  }

  @Test
  @DisplayName(
      "Every webhook of a fanned-out event and every retry gets the same trace id with its own parent id")
  void fanOutAndRetries() {
    Receiver flaky = Receiver.answering(vertx, n -> Answer.status(n == 0 ? 500 : 200));
    try {
      String first = Hooks.create(acme.api(), Hooks.webhook(receiver.url("/a"), "ReportPublished"));
      String second = Hooks.create(acme.api(), Hooks.webhook(flaky.url("/b"), "ReportPublished"));

      String eventCuid = post(event("ReportPublished").put("id", "traced-with-a-key"), INCOMING);

      Receiver.Received one = arrived(receiver, eventCuid).get(0);
      Wait.until("two attempts at the flaky receiver", () -> flaky.count() == 2);
      List<Receiver.Received> all = List.of(one, flaky.received().get(0), flaky.received().get(1));
      assertThat(all)
          .extracting(r -> traceparent(r).group(1))
          .as("one trace for every attempt")
          .containsOnly(TRACE);
      Set<String> parents =
          all.stream().map(r -> traceparent(r).group(2)).collect(Collectors.toSet());
      assertThat(parents).as("a new parent id per attempt").hasSize(3).doesNotContain(PARENT);
      List<JsonObject> flakyLog = Hooks.finished(acme.api(), second);
      assertThat(flakyLog)
          .hasSize(2)
          .allSatisfy(a -> assertThat(a.getString("traceId")).isEqualTo(TRACE));
      assertThat(Hooks.finished(acme.api(), first))
          .singleElement()
          .satisfies(a -> assertThat(a.getString("traceId")).isEqualTo(TRACE));
    } finally {
      flaky.close();
    }
  }

  @Test
  @DisplayName(
      "Without a traceparent, or with one W3C says to ignore, the server starts a new trace that the receiver and the log share")
  void newTraceWhenMissingOrInvalid() {
    String webhook = Hooks.create(acme.api(), Hooks.webhook(receiver.url("/t"), "ReportPublished"));
    String[] refused = {
      null,
      "garbage",
      "00-00000000000000000000000000000000-" + PARENT + "-01", // all-zero trace id
      "00-" + TRACE + "-0000000000000000-01", // all-zero parent id
      "00-" + TRACE.toUpperCase(java.util.Locale.ROOT) + "-" + PARENT + "-01", // upper case
      "ff-" + TRACE + "-" + PARENT + "-01", // version ff is invalid
      "00-" + TRACE + "-" + PARENT + "-01-extra", // version 00 has exactly four fields
    };
    Set<String> traces = new java.util.HashSet<>();
    for (String header : refused) {
      String eventCuid = post(event("ReportPublished"), header);
      Matcher sent = traceparent(arrived(receiver, eventCuid).get(0));
      assertThat(sent.group(1)).as("the trace id sent for %s", header).isNotEqualTo(TRACE);
      assertThat(sent.group(1)).isNotEqualTo("00000000000000000000000000000000");
      assertThat(sent.group(3)).isEqualTo("01");
      traces.add(sent.group(1));
    }
    assertThat(traces).as("each event a trace of its own").hasSize(refused.length);
    List<JsonObject> log =
        Hooks.attemptsUntil(
            acme.api(), webhook, "every attempt logged", l -> l.size() == refused.length);
    assertThat(log.stream().map(a -> a.getString("traceId")).collect(Collectors.toSet()))
        .isEqualTo(traces);
  }

  @Test
  @DisplayName(
      "A traceparent message header on hookrelay.events is carried to the receiver and the log")
  void eventBusHeader() {
    String webhook = Hooks.create(acme.api(), Hooks.webhook(receiver.url("/t"), "ReportPublished"));
    String trace = "11112222333344445555666677778888";
    DeliveryOptions options =
        new DeliveryOptions()
            .setSendTimeout(10_000)
            .addHeader("traceparent", "00-" + trace + "-1111222233334444-01");

    Message<JsonObject> reply =
        server
            .server()
            .vertx()
            .eventBus()
            .<JsonObject>request(
                "hookrelay.events",
                event("ReportPublished").put("tenantCuid", acme.cuid()),
                options)
            .await();

    String eventCuid = reply.body().getString("eventCuid");
    Matcher sent = traceparent(arrived(receiver, eventCuid).get(0));
    assertThat(sent.group(1)).isEqualTo(trace);
    assertThat(sent.group(2)).isNotEqualTo("1111222233334444");
    assertThat(Hooks.finished(acme.api(), webhook))
        .singleElement()
        .satisfies(a -> assertThat(a.getString("traceId")).isEqualTo(trace));
  }

  @Test
  @DisplayName("A test send carries the request's trace and logs its trace id")
  void testSend() {
    String trace = "aaaabbbbccccddddeeeeffff00001111";
    HttpResponse<Buffer> response =
        client
            .post("/api/internal/webhooks/test")
            .putHeader("Authorization", "Bearer " + acme.token())
            .putHeader("traceparent", "00-" + trace + "-" + PARENT + "-01")
            .sendJsonObject(
                new JsonObject()
                    .put("url", receiver.url("/test"))
                    .put("secret", (String) null)
                    .put("sslVerification", true))
            .await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(traceparent(receiver.received().get(0)).group(1)).isEqualTo(trace);
    JsonObject logged =
        Wait.forValue(
                "the test send logged",
                () ->
                    acme.api()
                        .get("/api/internal/webhookslog?event=testWebhook")
                        .expect(200)
                        .json()
                        .getJsonArray("data"),
                d -> !d.isEmpty())
            .getJsonObject(0);
    assertThat(logged.getString("traceId")).isEqualTo(trace);
  }

  /** Sends the event over HTTP with the header (none when null); returns its cuid. */
  private String post(JsonObject event, String traceparent) {
    var request =
        client.post("/api/internal/events").putHeader("Authorization", "Bearer " + acme.token());
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    HttpResponse<Buffer> response = request.sendJsonObject(event).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.bodyAsJsonObject().getString("eventCuid");
  }

  private static List<Receiver.Received> arrived(Receiver receiver, String eventCuid) {
    return Wait.forValue(
        "event " + eventCuid + " delivered",
        () ->
            receiver.received().stream()
                .filter(r -> eventCuid.equals(r.body().toJsonObject().getString("cuid")))
                .toList(),
        l -> !l.isEmpty());
  }

  private static Matcher traceparent(Receiver.Received received) {
    String header = received.header("traceparent");
    assertThat(header).as("the traceparent header").isNotNull();
    Matcher m = TRACEPARENT.matcher(header);
    assertThat(m.matches()).as("%s is a version-00 traceparent", header).isTrue();
    return m;
  }
}
