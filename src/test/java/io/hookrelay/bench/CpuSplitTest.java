package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSplitTest {

  @Test
  void threadsCountByWhatTheyDo() {
    assertThat(CpuSplit.kind("vert.x-eventloo")).isEqualTo("event loops");
    assertThat(CpuSplit.kind("C2 CompilerThre")).isEqualTo("JIT compiler");
    assertThat(CpuSplit.kind("C1 CompilerThre")).isEqualTo("JIT compiler");
    assertThat(CpuSplit.kind("GC Thread#1")).isEqualTo("garbage collector");
    assertThat(CpuSplit.kind("G1 Conc#0")).isEqualTo("garbage collector");
    assertThat(CpuSplit.kind("vert.x-worker-t")).isEqualTo("worker threads");
    assertThat(CpuSplit.kind("java")).isEqualTo("other");
  }

  @Test
  void thisProcessesThreadsAreRead() {
    CpuSplit split = CpuSplit.read(ProcessHandle.current().pid());
    // this JVM has run the test framework on its main thread and compiled code: both used CPU
    assertThat(split.serverThreads().values().stream().mapToDouble(Double::doubleValue).sum())
        .isPositive();
    assertThat(split.serverThreads()).containsKey("other");
  }

  @Test
  void aWindowIsTheDifferenceNeverBelowNothing() {
    CpuSplit earlier = new CpuSplit(Map.of("event loops", 1.0, "JIT compiler", 3.0), 2.0);
    CpuSplit later = new CpuSplit(Map.of("event loops", 1.5, "JIT compiler", 2.0), 5.0);
    CpuSplit window = later.since(earlier);
    assertThat(window.serverThreads()).containsEntry("event loops", 0.5);
    assertThat(window.serverThreads()).containsEntry("JIT compiler", 0.0);
    assertThat(window.postgres()).isEqualTo(3.0);
    assertThat(window.cores(2).getJsonObject("serverThreads").getDouble("event loops"))
        .isEqualTo(0.25);
  }
}
