package io.hookrelay.produce;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.support.Wait;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {

  private static final List<String> REQUIRED =
      List.of(
          "--members",
          "127.0.0.1:5701, 127.0.0.1:5702",
          "--tenant",
          "ctenant",
          "--event",
          "ReportPublished",
          "--target-cuid",
          "ctarget");

  @Test
  @DisplayName(
      "Without options beyond the required ones, produce sends one event to cluster 'hookrelay' from 127.0.0.1 within 60 s")
  void defaults() {
    ProduceCommand.Options o = ProduceCommand.parse(REQUIRED);
    assertThat(o.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(o.count()).isZero();
    assertThat(o.rate()).isZero();
    assertThat(o.clusterName()).isEqualTo("hookrelay");
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.timeoutMs()).isEqualTo(60_000);
    assertThat(o.eventBody().encode())
        .isEqualTo("{\"event\":\"ReportPublished\",\"targetCuid\":\"ctarget\"}");
    assertThat(o.cluster().port()).as("a producer takes any free Hazelcast port").isZero();
  }

  @Test
  @DisplayName("Count, rate, cluster name, host and timeout are read from the command line")
  void options() {
    ProduceCommand.Options o =
        ProduceCommand.parse(
            with(
                "--count",
                "500",
                "--rate",
                "250.5",
                "--cluster-name",
                "prod",
                "--host",
                "10.0.0.7",
                "--insecure",
                "--timeout",
                "5"));
    assertThat(o.count()).isEqualTo(500);
    assertThat(o.rate()).isEqualTo(250.5);
    assertThat(o.clusterName()).isEqualTo("prod");
    assertThat(o.host()).isEqualTo("10.0.0.7");
    assertThat(o.insecure()).isTrue();
    assertThat(o.tls().enabled()).isFalse();
    assertThat(o.timeoutMs()).isEqualTo(5_000);
  }

  @Test
  @DisplayName("--tls-key, --tls-cert and --tls-ca give the producer the cluster's event-bus TLS")
  void tlsFiles(@TempDir Path dir) throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.create("producer");
    Path key = Files.copy(Path.of(made.privateKeyPath()), dir.resolve("key.pem"));
    Path cert = Files.copy(Path.of(made.certificatePath()), dir.resolve("cert.pem"));
    Path ca = Files.copy(cert, dir.resolve("ca.pem"));
    made.delete();
    ProduceCommand.Options o =
        ProduceCommand.parse(
            with(
                "--host",
                "10.0.0.7",
                "--tls-key",
                key.toString(),
                "--tls-cert",
                cert.toString(),
                "--tls-ca",
                ca.toString()));
    assertThat(o.cluster().tls())
        .isEqualTo(new HookrelayConfig.Tls(key.toString(), cert.toString(), ca.toString()));
    assertThat(o.cluster().insecure()).isFalse();

    assertUsageError(
        with("--tls-key", key.toString(), "--tls-cert", cert.toString()),
        "--tls-ca is required with --tls-key, --tls-cert, --tls-ca (all three or none)");
    assertUsageError(
        with(
            "--tls-key",
            dir.resolve("nope.pem").toString(),
            "--tls-cert",
            cert.toString(),
            "--tls-ca",
            ca.toString()),
        "--tls-key: cannot read the file " + dir.resolve("nope.pem"));
    assertUsageError(
        with(
            "--tls-key", key.toString(), "--tls-cert", cert.toString(), "--tls-ca", key.toString()),
        "--tls-ca: " + key + " holds no PEM certificate");
  }

  @Test
  @DisplayName("A usage error exits 2 naming the problem, before joining any cluster")
  void usageErrors() {
    assertUsageError(
        List.of("--members", "127.0.0.1:5701", "--event", "ReportPublished", "--target-cuid", "c"),
        "--tenant is required");
    assertUsageError(with("--colour", "red"), "unknown argument --colour");
    assertUsageError(
        List.of(
            "--members",
            " , ",
            "--tenant",
            "t",
            "--event",
            "ReportPublished",
            "--target-cuid",
            "c"),
        "--members needs at least one HOST:PORT");
    assertUsageError(with("--count"), "--count needs a value");
    assertUsageError(with("--count", "0"), "--count must be between 1 and 1000000, not 0");
    assertUsageError(with("--count", "2.5"), "--count must be a whole number, not 2.5");
    assertUsageError(with("--rate", "fast"), "--rate must be a number, not fast");
    assertUsageError(with("--timeout", "0"), "--timeout must be between 1 and 86400, not 0");
    assertUsageError(
        with("--host", "10.0.0.7"),
        "--host 10.0.0.7 is not a loopback address: give --tls-key, --tls-cert and --tls-ca");
  }

  @Test
  @DisplayName(
      "A join that does not finish within --timeout exits 1 with one line, and the late member"
          + " leaves again")
  void joinTimeout() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ProduceCommand.run(
            List.of(
                "--members",
                "127.0.0.1:" + port,
                "--cluster-name",
                "produce-timeout-" + UUID.randomUUID(),
                "--tenant",
                "ctenant",
                "--event",
                "ReportPublished",
                "--target-cuid",
                "ctarget",
                "--timeout",
                "1"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("hookrelay produce: cannot join cluster produce-timeout-")
        .contains("Timeout 1000 (ms) fired");
    Wait.until(
        "no Hazelcast member is left in this JVM",
        Duration.ofSeconds(60),
        () -> Hazelcast.getAllHazelcastInstances().isEmpty());
  }

  private static void assertUsageError(List<String> args, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ProduceCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(message)
        .contains(ProduceCommand.USAGE);
    assertThat(out.size()).isZero();
  }

  private static List<String> with(String... more) {
    List<String> args = new ArrayList<>(REQUIRED);
    args.addAll(List.of(more));
    return args;
  }
}
