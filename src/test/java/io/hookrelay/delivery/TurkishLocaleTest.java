package io.hookrelay.delivery;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.statuses;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.store.pg.PgTestDatabase;
import io.hookrelay.support.Api;
import io.hookrelay.support.Hooks;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM whose default locale is Turkish lower-cases {@code I} to a dotless {@code ı} and
 * upper-cases {@code i} to a dotted {@code İ}: statuses and key names must not depend on it. Both
 * stores, one server each, started and used while the default locale is {@code tr-TR}.
 */
@DisplayName("Under a Turkish default locale")
class TurkishLocaleTest {

  private static final JsonObject ONE_RETRY =
      new JsonObject().put("delivery", new JsonObject().put("maxRetries", 1));

  private static Locale before;
  private static PgTestDatabase db;
  private static TestServer memory;
  private static TestServer postgres;

  @BeforeAll
  static void start() {
    before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    db = PgTestDatabase.create();
    memory = TestServer.start(ONE_RETRY);
    postgres =
        TestServer.start(
            ONE_RETRY
                .copy()
                .put(
                    "store",
                    new JsonObject()
                        .put("type", "postgres")
                        .put(
                            "postgres", new JsonObject().put("url", db.url()).put("poolSize", 4))));
  }

  @AfterAll
  static void stop() {
    try {
      for (AutoCloseable c : new AutoCloseable[] {memory, postgres, db}) {
        if (c != null) {
          c.close();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      Locale.setDefault(before);
    }
  }

  @ParameterizedTest(name = "{0} store")
  @ValueSource(strings = {"memory", "postgres"})
  @DisplayName(
      "attempts are logged as retrying, failed and succeeded, filtered by status, and a manual retry answers pending")
  void statusesOnTheWire(String store) {
    TestServer server = store.equals("memory") ? memory : postgres;
    Api api = server.newTenant("Acme").api();
    try (api;
        Receiver failing = Receiver.answering(500);
        Receiver ok = Receiver.answering(200)) {
      String failingHook = create(api, webhook(failing.url("/hook"), "ReportPublished"));
      String okHook = create(api, webhook(ok.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      List<JsonObject> failed =
          Hooks.attemptsUntil(api, failingHook, "two attempts are logged", l -> l.size() == 2);
      assertThat(statuses(failed)).containsExactly("retrying", "failed");
      assertThat(statuses(Hooks.finished(api, okHook))).containsExactly("succeeded");
      assertThat(
              api.get("/api/internal/webhookslog?status=failed&webhookCuid=" + failingHook)
                  .expect(200)
                  .json()
                  .getJsonArray("data"))
          .hasSize(1);

      String delivery = failed.get(0).getString("deliveryCuid");
      JsonObject retried =
          api.post("/api/internal/webhookslog/" + delivery + "/retry", null).expect(202).json();
      assertThat(retried.getString("status")).isEqualTo("pending");
    }
  }
}
