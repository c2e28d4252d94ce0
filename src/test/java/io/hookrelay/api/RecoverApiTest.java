package io.hookrelay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.TenantClients;
import io.hookrelay.support.TestServer;
import io.hookrelay.support.TestServer.TenantClient;
import io.hookrelay.support.Wait;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/internal/webhooks/{cuid}/recover} through the real server, on each store (a
 * subclass per store): a receiver is down (answers 500) until it is switched back, the deliveries
 * meanwhile end failed after their retries, one call queues them again and they arrive. Also the
 * window, the scope (one webhook, one tenant), and the 400 / 404 / 409 answers.
 */
public abstract class RecoverApiTest {

  private static final String HOOKS = "/api/internal/webhooks";
  private static final String LOG = "/api/internal/webhookslog";
  private static final int MAX_RETRIES = 1;

  private TenantClients tenants;
  private Receiver receiver;

  /** A server on the subclass's store, started with {@link #overrides()}. */
  protected abstract TestServer server();

  /** One retry 50 ms after the first attempt: a delivery to a receiver that is down fails fast. */
  public static JsonObject overrides() {
    return new JsonObject()
        .put(
            "delivery",
            new JsonObject()
                .put("maxRetries", MAX_RETRIES)
                .put("initialBackoffMs", 50)
                .put("maxBackoffMs", 50));
  }

  @BeforeEach
  void setUp() {
    tenants = new TenantClients(server());
    receiver = Receiver.answering(500);
  }

  @AfterEach
  void tearDown() {
    tenants.close();
    receiver.close();
  }

  @Test
  @DisplayName(
      "After an outage the failed deliveries of the webhook are queued again by one call and"
          + " arrive, their attempt numbers going on; another webhook's stay failed, and a second"
          + " call finds nothing left to recover")
  void recoverAfterOutage() {
    TenantClient acme = tenants.create("Acme");
    Instant start = Instant.now();
    String down = webhook(acme.api(), "/down");
    String alsoDown = webhook(acme.api(), "/also-down");
    for (int i = 0; i < 3; i++) {
      event(acme.api());
    }
    Wait.until(
        "all six deliveries failed after their retry",
        Duration.ofSeconds(20),
        () -> statuses(acme.api(), null).getOrDefault("failed", 0L) == 6);
    assertThat(receiver.count()).isEqualTo(12);

    receiver.answer(n -> Answer.status(200));
    JsonObject answer =
        acme.api()
            .post(recover(down), new JsonObject().put("since", start.minusSeconds(60).toString()))
            .expect(202)
            .json();

    assertThat(answer).isEqualTo(new JsonObject().put("deliveries", 3));
    Wait.until(
        "the three recovered deliveries succeed",
        Duration.ofSeconds(20),
        () -> statuses(acme.api(), down).getOrDefault("succeeded", 0L) == 3);
    List<JsonObject> succeeded = attempts(acme.api(), down, "succeeded");
    assertThat(succeeded)
        .extracting(a -> a.getInteger("attempt"))
        .as("attempt numbers go on after the two failed ones")
        .containsOnly(2 + 1);
    assertThat(receiver.received().subList(12, receiver.count()))
        .extracting(r -> r.path())
        .containsOnly("/down");
    assertThat(statuses(acme.api(), alsoDown)).isEqualTo(Map.of("failed", 3L));

    assertThat(
            acme.api()
                .post(
                    recover(down), new JsonObject().put("since", start.minusSeconds(60).toString()))
                .expect(202)
                .json()
                .getInteger("deliveries"))
        .as("nothing failed is left")
        .isZero();
  }

  @Test
  @DisplayName(
      "Only deliveries created in [since, until) come back; a recovered delivery that fails"
          + " again gets the normal retries and ends failed again")
  void window() {
    TenantClient acme = tenants.create("Acme");
    String down = webhook(acme.api(), "/down");
    Instant start = Instant.now();
    event(acme.api());
    Wait.until("the first delivery failed", () -> failed(acme.api()) == 1);
    Instant middle = Instant.now();
    Wait.until("the clock moved on", () -> Instant.now().isAfter(middle.plusMillis(5)));
    event(acme.api());
    Wait.until("the second delivery failed", () -> failed(acme.api()) == 2);
    int before = receiver.count();

    assertThat(count(acme.api(), down, start.minusSeconds(1), middle)).isEqualTo(1);
    Wait.until(
        "the recovered delivery made its two new attempts and failed again",
        () -> receiver.count() == before + 1 + MAX_RETRIES && failed(acme.api()) == 3);
    assertThat(attempts(acme.api(), down, "failed"))
        .extracting(a -> a.getInteger("attempt"))
        .containsExactlyInAnyOrder(2, 2, 4);

    assertThat(count(acme.api(), down, middle, null)).isEqualTo(1);
    assertThat(count(acme.api(), down, Instant.now().plusSeconds(60), null)).isZero();
    assertThat(count(acme.api(), down, start.minusSeconds(3600), start.minusSeconds(1800)))
        .isZero();
  }

  @Test
  @DisplayName(
      "Bad input answers 400 naming the field; another tenant's or an unknown webhook 404; a"
          + " disabled webhook 409 webhook_disabled")
  void badInput() {
    TenantClient acme = tenants.create("Acme");
    TenantClient other = tenants.create("Other");
    String cuid = webhook(acme.api(), "/down");
    String path = recover(cuid);
    String now = Instant.now().toString();

    ApiBodies.invalid(acme.api().post(path, new JsonObject()), "since");
    assertThat(ApiBodies.message(acme.api().post(path, new JsonObject()), "since"))
        .isEqualTo("is required");
    ApiBodies.invalid(acme.api().post(path, new JsonObject().put("since", 1733011200)), "since");
    ApiBodies.invalid(acme.api().post(path, new JsonObject().put("since", "yesterday")), "since");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("since", "2026-12-01T00:00:00")), "since");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("since", now).put("until", "soon")), "until");
    Api.Response reversed =
        acme.api()
            .post(
                path,
                new JsonObject()
                    .put("since", now)
                    .put("until", Instant.now().minusSeconds(60).toString()));
    ApiBodies.invalid(reversed, "since");
    assertThat(ApiBodies.message(reversed, "since")).isEqualTo("must not be after until");
    Api.Response tooOld =
        acme.api()
            .post(
                path,
                new JsonObject().put("since", Instant.now().minus(Duration.ofDays(31)).toString()));
    ApiBodies.invalid(tooOld, "since");
    assertThat(ApiBodies.message(tooOld, "since")).contains("retention");
    ApiBodies.invalid(
        acme.api().post(path, new JsonObject().put("since", now).put("from", now)), "from");
    ApiBodies.error(acme.api().post(path, null), 400, "invalid_json");
    ApiBodies.error(other.api().post(path, new JsonObject().put("since", now)), 404, "not_found");
    ApiBodies.error(
        acme.api().post(recover("cnotawebhook0000000000000"), new JsonObject().put("since", now)),
        404,
        "not_found");

    acme.api().patch(HOOKS + "/" + cuid, new JsonObject().put("enabled", false)).expect(200);
    ApiBodies.error(
        acme.api().post(path, new JsonObject().put("since", now)), 409, "webhook_disabled");

    assertThat(
            server()
                .admin()
                .post(path + "?tenantCuid=" + other.cuid(), new JsonObject().put("since", now))
                .status())
        .isEqualTo(404);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String recover(String cuid) {
    return HOOKS + "/" + cuid + "/recover";
  }

  private String webhook(Api api, String path) {
    return api.post(
            HOOKS,
            new JsonObject()
                .put("name", "hook " + path)
                .put("url", receiver.url(path))
                .put("sslVerification", true)
                .put("events", new JsonArray().add("ReportPublished"))
                .put("enabled", true))
        .expect(201)
        .json()
        .getString("cuid");
  }

  private static void event(Api api) {
    api.post(
            "/api/internal/events",
            new JsonObject()
                .put("event", "ReportPublished")
                .put("targetType", "report")
                .put("targetCuid", "crep1"))
        .expect(202);
  }

  private static int count(Api api, String cuid, Instant since, Instant until) {
    JsonObject body = new JsonObject().put("since", since.toString());
    if (until != null) {
      body.put("until", until.toString());
    }
    return api.post(recover(cuid), body).expect(202).json().getInteger("deliveries");
  }

  private static long failed(Api api) {
    return statuses(api, null).getOrDefault("failed", 0L);
  }

  /** How many attempts of each status the log holds (of one webhook, or of all). */
  private static Map<String, Long> statuses(Api api, String webhookCuid) {
    return attempts(api, webhookCuid, null).stream()
        .collect(Collectors.groupingBy(a -> a.getString("status"), Collectors.counting()));
  }

  private static List<JsonObject> attempts(Api api, String webhookCuid, String status) {
    String query =
        "?limit=500"
            + (webhookCuid == null ? "" : "&webhookCuid=" + webhookCuid)
            + (status == null ? "" : "&status=" + status);
    return api.get(LOG + query).expect(200).json().getJsonArray("data").stream()
        .map(JsonObject.class::cast)
        .filter(a -> !"retrying".equals(a.getString("status")))
        .toList();
  }
}
