package io.hookrelay.store.pg;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, as Flyway migrations in {@code src/main/resources/db/migration}. Flyway speaks JDBC,
 * so {@link #migrate} blocks: call it inside {@code executeBlocking}, once, before the pool is
 * used. Several nodes starting at once are safe: Flyway serialises them with an advisory lock.
 */
public final class PgMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(PgMigrations.class);
  private static final String LOCATION = "classpath:db/migration";

  private PgMigrations() {}

  /** Brings the database up to the newest schema; returns how many migrations ran. Blocking. */
  public static int migrate(PgConnectOptions options) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(jdbcUrl(options), options.getUser(), options.getPassword())
            .locations(LOCATION)
            .failOnMissingLocations(true)
            .load();
    int executed = flyway.migrate().migrationsExecuted;
    LOG.info(
        "database schema up to date on {}:{}/{} ({} migration(s) applied)",
        options.getHost(),
        options.getPort(),
        options.getDatabase(),
        executed);
    return executed;
  }

  /** The JDBC form of the same target; user and password travel separately. */
  static String jdbcUrl(PgConnectOptions options) {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(
                options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost())
            .append(':')
            .append(options.getPort())
            .append('/')
            .append(URLEncoder.encode(options.getDatabase(), StandardCharsets.UTF_8));
    SslMode ssl = options.getSslMode();
    if (ssl != null && ssl != SslMode.DISABLE) {
      url.append("?sslmode=").append(ssl.value);
    }
    return url.toString();
  }
}
