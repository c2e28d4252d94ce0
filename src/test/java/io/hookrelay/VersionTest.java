package io.hookrelay;

import static io.hookrelay.support.Hooks.create;
import static io.hookrelay.support.Hooks.event;
import static io.hookrelay.support.Hooks.send;
import static io.hookrelay.support.Hooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookrelay.support.Api;
import io.hookrelay.support.Receiver;
import io.hookrelay.support.SharedServer;
import io.hookrelay.support.Wait;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One version, pom.xml's, wherever hookrelay shows it: {@code --version}, {@code /health} and the
 * {@code User-Agent} of deliveries. The build hands the pom's version to the tests as {@code
 * hookrelay.pomVersion}.
 */
class VersionTest {

  @RegisterExtension static final SharedServer shared = new SharedServer();

  private static String pomVersion() {
    String version = System.getProperty("hookrelay.pomVersion");
    assertThat(version).as("system property hookrelay.pomVersion, set by surefire").isNotBlank();
    return version;
  }

  @Test
  @DisplayName("java … io.hookrelay.Main --version prints \"hookrelay <pom version>\" and exits 0")
  void versionFlag() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        Path.of("target", "classes").toAbsolutePath()
            + File.pathSeparator
            + System.getProperty("java.class.path");
    Process process =
        new ProcessBuilder(java, "-cp", classpath, "io.hookrelay.Main", "--version")
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(exited).as("Main --version exited").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).isEqualTo("hookrelay " + pomVersion() + System.lineSeparator());
  }

  @Test
  @DisplayName("/health says the version")
  void health() {
    try (Api anonymous = shared.server().as(null)) {
      assertThat(anonymous.get("/health").expect(200).json().getString("version"))
          .isEqualTo(pomVersion());
    }
  }

  @Test
  @DisplayName("A receiver sees User-Agent: hookrelay/<version>")
  void userAgent() {
    Api api = shared.tenant("Acme").api();
    try (Receiver receiver = Receiver.answering(200)) {
      create(api, webhook(receiver.url("/hook"), "ReportPublished"));
      send(api, event("ReportPublished"));

      Wait.until("the delivery arrived", () -> receiver.count() == 1);
      assertThat(receiver.received().get(0).header("User-Agent"))
          .isEqualTo("hookrelay/" + pomVersion());
    }
  }
}
