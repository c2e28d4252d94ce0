package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WrkNginxTest {

  private static final String OUTPUT =
      """
      Running 10s test @ http://127.0.0.1:41234/raw
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   498.12us  210.55us   9.80ms   88.12%
          Req/Sec   128.35k     4.10k  135.02k    71.00%
        Latency Distribution
           50%  452.00us
           75%  560.00us
           90%  712.00us
           99%    1.21ms
        1277001 requests in 10.00s, 109.61MB read
      Requests/sec: 127700.12
      Transfer/sec:     10.96MB
      """;

  @Test
  @DisplayName("wrk's rate and latency percentiles are read from its report, in milliseconds")
  void parsesWrkOutput() {
    WrkNginx.Result r = WrkNginx.parse(OUTPUT);
    assertThat(r.requestsPerSec()).isEqualTo(127700.12);
    assertThat(r.p50Ms()).isCloseTo(0.452, Offset.offset(1e-9));
    assertThat(r.p90Ms()).isCloseTo(0.712, Offset.offset(1e-9));
    assertThat(r.p99Ms()).isCloseTo(1.21, Offset.offset(1e-9));
  }

  @Test
  @DisplayName("A wrk report without a rate is an error, not a zero")
  void refusesOutputWithoutRate() {
    assertThatThrownBy(() -> WrkNginx.parse("unable to connect to 127.0.0.1:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Requests/sec");
  }
}
