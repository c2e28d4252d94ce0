package io.hookrelay.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Gives a postgres run a database of its own: dropped and created anew each run. */
final class Postgres {

  private Postgres() {}

  /**
   * Drops and creates {@code database} on the server of {@code adminUrl} ({@code
   * postgresql://user[:password]@host:port/db}); returns the URL of the new database in the same
   * form, for {@code HOOKRELAY_STORE_POSTGRES_URL}.
   */
  static String recreate(String adminUrl, String database) throws SQLException {
    URI uri = URI.create(adminUrl);
    try (Connection c = connect(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    }
    return "postgresql://" + userInfo(uri) + "@" + host(uri) + ":" + port(uri) + "/" + database;
  }

  /** A JDBC connection to the database of a {@code postgresql://} URL. */
  static Connection connect(String postgresUrl) throws SQLException {
    URI uri = URI.create(postgresUrl);
    String userInfo = userInfo(uri);
    String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
    Properties props = new Properties();
    props.setProperty("user", user);
    if (userInfo.contains(":")) {
      props.setProperty("password", userInfo.substring(userInfo.indexOf(':') + 1));
    }
    props.setProperty("connectTimeout", "10");
    String path =
        uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host(uri) + ":" + port(uri) + path, props);
  }

  private static String userInfo(URI uri) {
    return uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? "127.0.0.1" : uri.getHost();
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 5432 : uri.getPort();
  }
}
