package io.hookrelay.store.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL of a test's own, for tests that stop and start the database: {@code
 * initdb} into a temporary directory and {@code pg_ctl} on a free port, as {@code
 * scripts/pg-for-tests.sh} does (as user {@code postgres} through {@code runuser} when the tests
 * run as root, since PostgreSQL refuses to run as root). The shared PostgreSQL is never touched.
 * Blocking: call it from the test's own thread.
 */
final class OwnPostgres implements AutoCloseable {

  private static final long COMMAND_TIMEOUT_S = 60;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean root;

  private OwnPostgres(Path bin, Path dir, int port, boolean root) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  /** Makes a new cluster (trust authentication, user postgres) and starts it. */
  static OwnPostgres start() {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("hookrelay-own-pg-");
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      OwnPostgres pg = new OwnPostgres(binDir(), dir, freePort(), root);
      pg.run(
          "initdb",
          "-D",
          pg.data(),
          "-U",
          "postgres",
          "--auth=trust",
          "-E",
          "UTF8",
          "--no-locale",
          "--no-sync");
      pg.up();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of its {@code postgres} database, as {@code store.postgres.url} takes it. */
  String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server again on the same port and data. */
  void up() {
    run(
        "pg_ctl",
        "-D",
        data(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -k "
            + dir
            + " -c fsync=off -c max_connections=100",
        "start");
  }

  /** Stops the server the way an operator would ({@code -m fast}: open connections are cut). */
  void down() {
    run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  @Override
  public void close() {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      delete(dir);
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            tool + " did not finish in " + COMMAND_TIMEOUT_S + " s: " + output);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + output + log());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + tool, e);
    }
  }

  private String log() {
    try {
      Path log = dir.resolve("log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The newest {@code /usr/lib/postgresql/N/bin}, else wherever {@code initdb} is on the PATH. */
  private static Path binDir() throws IOException {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        var newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path initdb = Path.of(entry, "initdb");
      if (Files.isExecutable(initdb)) {
        return initdb.toRealPath().getParent();
      }
    }
    throw new IllegalStateException(
        "no initdb found (install PostgreSQL, as scripts/pg-for-tests.sh does)");
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }
}
