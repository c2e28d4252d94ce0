package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceparentTest {

  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  @DisplayName("A valid header is kept as it is, and its trace id read back")
  void keepsValid() {
    assertThat(Traceparent.atIngest(VALID)).isEqualTo(VALID);
    assertThat(Traceparent.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  @DisplayName("A missing or invalid header starts a new sampled trace with random ids")
  void startsNew() {
    Set<String> traces = new HashSet<>();
    for (String header :
        new String[] {
          null,
          "",
          "garbage",
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        }) {
      String started = Traceparent.atIngest(header);
      assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      assertThat(Traceparent.traceId(started)).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      traces.add(Traceparent.traceId(started));
      assertThat(Traceparent.traceId(header)).isNull();
    }
    assertThat(traces).hasSize(5);
  }

  @Test
  @DisplayName("Each attempt gets the event's trace id and flags with a new parent id")
  void childPerAttempt() {
    String first = Traceparent.forAttempt(VALID);
    String second = Traceparent.forAttempt(VALID);
    assertThat(first).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
    assertThat(first).isNotEqualTo(second).isNotEqualTo(VALID);
    assertThat(Traceparent.forAttempt("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        .endsWith("-00");
    assertThat(Traceparent.forAttempt(null)).as("an event stored before tracing").isNull();
  }
}
