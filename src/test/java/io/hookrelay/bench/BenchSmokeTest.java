package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the real benchmark, very short, against the memory store: the sink and the server are child
 * processes, the server started from this test's class path (the jar may not be built yet). Asserts
 * only that it completes without losing a delivery and ends with its JSON line — no timings.
 */
class BenchSmokeTest {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("A short bench run completes, loses no delivery and ends with one JSON line")
  void shortRunCompletes() throws Exception {
    Path out = Path.of("target", "bench-smoke");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);

    JsonObject returned =
        Bench.run(
            BenchOptions.parse(
                "--store",
                "memory",
                "--duration",
                "3s",
                "--warmup",
                "1s",
                "--fanout",
                "2",
                "--connections",
                "4",
                "--latency-phase",
                "false",
                "--server-cmd",
                "classpath",
                "--out",
                out.toString()),
            tee);

    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonObject last = new JsonObject(lines[lines.length - 1]);
    assertThat(last.getLong("lost")).isZero();
    assertThat(last.getLong("expected")).isPositive().isEqualTo(last.getLong("delivered"));
    assertThat(last.getDouble("deliveriesPerSec")).isPositive();
    assertThat(last.getDouble("rawRequestsPerSec")).isPositive();
    assertThat(last.getDouble("rawJvmRequestsPerSec")).isPositive();
    if (WrkNginx.unavailable().isEmpty()) {
      assertThat(last.getString("rawSource")).isEqualTo("wrk->nginx");
      assertThat(last.getJsonObject("rawWrkNginx").getDouble("requestsPerSec"))
          .isEqualTo(last.getDouble("rawRequestsPerSec"));
    } else {
      assertThat(last.getString("rawSource")).isEqualTo("jvm->sink");
      assertThat(last.getDouble("rawJvmRequestsPerSec"))
          .isEqualTo(last.getDouble("rawRequestsPerSec"));
    }
    assertThat(last.containsKey("latencyPhase")).isFalse();
    assertThat(last).isEqualTo(returned);
    assertThat(new JsonObject(Files.readString(out.resolve("result.json")))).isEqualTo(returned);
    assertThat(out.resolve("children.pids")).doesNotExist();
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      write(new byte[] {(byte) c}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
      try {
        a.write(bytes, off, len);
        b.write(bytes, off, len);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
