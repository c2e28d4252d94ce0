package io.hookrelay.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
                "--timeout",
                "5"));
    assertThat(o.count()).isEqualTo(500);
    assertThat(o.rate()).isEqualTo(250.5);
    assertThat(o.clusterName()).isEqualTo("prod");
    assertThat(o.host()).isEqualTo("10.0.0.7");
    assertThat(o.timeoutMs()).isEqualTo(5_000);
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
