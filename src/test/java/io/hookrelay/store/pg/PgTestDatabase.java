package io.hookrelay.store.pg;

import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throwaway database for one test class: {@link #create()} makes {@code hookrelay_t_<random>} on
 * the PostgreSQL named by {@code HOOKRELAY_TEST_PG_URL} (see {@code scripts/pg-for-tests.sh}) and
 * {@link #close()} drops it again, connections and all. Blocking (JDBC): call it from the test's
 * own thread, e.g. in {@code @BeforeAll} / {@code @AfterAll}, never on an event loop.
 */
public final class PgTestDatabase implements AutoCloseable {

  public static final String URL_ENV = "HOOKRELAY_TEST_PG_URL";
  public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String serverUrl;
  private final String name;
  private final String url;

  private PgTestDatabase(String serverUrl, String name) {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = withDatabase(serverUrl, name);
  }

  /** The PostgreSQL the tests use (an existing database on it, typically {@code postgres}). */
  public static String serverUrl() {
    String env = System.getenv(URL_ENV);
    return env == null || env.isBlank() ? DEFAULT_URL : env;
  }

  /** Creates a fresh, empty database; the schema is made by whoever migrates it first. */
  public static PgTestDatabase create() {
    PgTestDatabase db = new PgTestDatabase(serverUrl(), "hookrelay_t_" + randomSuffix());
    db.onServer("CREATE DATABASE " + db.name);
    return db;
  }

  /** The postgres URL of the fresh database, as {@code store.postgres.url} takes it. */
  public String url() {
    return url;
  }

  /** The {@code store} config of a server on this database (postgres, a pool of 4). */
  public JsonObject storeConfig() {
    return new JsonObject()
        .put("type", "postgres")
        .put("postgres", new JsonObject().put("url", url).put("poolSize", 4));
  }

  public String name() {
    return name;
  }

  /** Store settings for the fresh database: a small pool, pipelining on. */
  public HookrelayConfig.Postgres config() {
    return new HookrelayConfig.Postgres(url, 4, 32);
  }

  /** Runs SQL in the fresh database, e.g. {@code TRUNCATE …}. */
  public void execute(String sql) {
    run(url, sql);
  }

  /**
   * The first column of the first row of a query in the fresh database, e.g. a {@code count(*)}.
   */
  public long queryLong(String sql) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    try (Connection c = connect(options);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from '" + sql + "'");
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query in the fresh database, as text. */
  public String queryString(String sql) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    try (Connection c = connect(options);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from '" + sql + "'");
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
    }
  }

  /** Drops the database even while clients are still connected to it. */
  @Override
  public void close() {
    onServer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void onServer(String sql) {
    run(serverUrl, sql);
  }

  private static void run(String postgresUrl, String sql) {
    PgConnectOptions options = PgConnectOptions.fromUri(postgresUrl);
    try (Connection c = connect(options);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '"
              + sql
              + "' on "
              + postgresUrl
              + ": "
              + e.getMessage()
              + " (is PostgreSQL up? scripts/test.sh starts one; or set "
              + URL_ENV
              + ")",
          e);
    }
  }

  private static Connection connect(PgConnectOptions options) throws SQLException {
    return DriverManager.getConnection(
        PgMigrations.jdbcUrl(options), options.getUser(), options.getPassword());
  }

  private static String withDatabase(String postgresUrl, String database) {
    try {
      URI u = new URI(postgresUrl);
      return new URI(
              u.getScheme(),
              u.getRawUserInfo() == null ? null : u.getUserInfo(),
              u.getHost(),
              u.getPort(),
              "/" + database,
              u.getQuery(),
              null)
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a postgres URL: " + postgresUrl, e);
    }
  }

  private static String randomSuffix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
