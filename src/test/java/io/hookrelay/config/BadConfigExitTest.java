package io.hookrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The real {@code Main} in its own JVM: a bad value stops the start with one line naming the key.
 */
class BadConfigExitTest {

  private record Outcome(int exitCode, List<String> lines) {}

  private static Outcome run(String envName, String envValue)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        Path.of("target", "classes").toAbsolutePath()
            + File.pathSeparator
            + System.getProperty("java.class.path");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", classpath, "io.hookrelay.Main").redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKRELAY_"));
    builder.environment().put(envName, envValue);
    Process process = builder.start();
    process.getOutputStream().close();
    boolean exited = process.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
      throw new AssertionError("hookrelay did not stop on a bad " + envName);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Outcome(process.exitValue(), output.lines().filter(l -> !l.isBlank()).toList());
  }

  @Test
  @DisplayName("HOOKRELAY_HTTP_PORT=abc makes Main exit non-zero with one line naming http.port")
  void badPort() throws Exception {
    Outcome outcome = run("HOOKRELAY_HTTP_PORT", "abc");

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.lines()).hasSize(1);
    assertThat(outcome.lines().get(0))
        .contains("http.port")
        .contains("abc")
        .doesNotContain("Exception");
  }

  @Test
  @DisplayName("An unknown store type makes Main exit non-zero with one line naming store.type")
  void badStoreType() throws Exception {
    Outcome outcome = run("HOOKRELAY_STORE_TYPE", "mongo");

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.lines()).hasSize(1);
    assertThat(outcome.lines().get(0)).contains("store.type").contains("mongo");
  }

  @Test
  @DisplayName(
      "An admin token shorter than 24 characters makes Main exit with one line naming auth.adminToken, not the token")
  void shortAdminToken() throws Exception {
    Outcome outcome = run("HOOKRELAY_AUTH_ADMIN_TOKEN", "admin-secret");

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.lines()).hasSize(1);
    assertThat(outcome.lines().get(0))
        .contains("auth.adminToken")
        .contains("24")
        .doesNotContain("admin-secret");
  }
}
