package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which events a webhook takes, and that its values compare as plain lists would. */
class WebhookTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Webhook webhook(List<String> clientCuids) {
    return new Webhook(
        "cw",
        "ct",
        clientCuids,
        "hook",
        "https://203.0.113.10/",
        true,
        List.of("ReportPublished"),
        true,
        null,
        null,
        0,
        T0,
        T0);
  }

  private static List<String> clients(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("cclient" + i);
    }
    return out;
  }

  @Test
  @DisplayName("A webhook with clientCuids takes events of exactly those clients, in any position")
  void clientFilter() {
    Webhook w = webhook(clients(100));

    assertThat(w.matches("ReportPublished", "cclient0")).isTrue();
    assertThat(w.matches("ReportPublished", "cclient99")).isTrue();
    assertThat(w.matches("ReportPublished", "cclient100")).isFalse();
    assertThat(w.matches("ReportPublished", null)).isFalse();
    assertThat(w.matches("FindingPublished", "cclient0")).isFalse();
    assertThat(webhook(List.of()).matches("ReportPublished", null)).isTrue();
  }

  @Test
  @DisplayName("clientCuids keep their order and compare equal to the same plain list")
  void listSemantics() {
    List<String> given = List.of("cb", "ca", "cc");
    Webhook w = webhook(given);

    assertThat(w.clientCuids()).containsExactly("cb", "ca", "cc");
    assertThat(w.clientCuids()).isEqualTo(given);
    assertThat(given).isEqualTo(w.clientCuids());
    assertThat(w.clientCuids().hashCode()).isEqualTo(given.hashCode());
    assertThat(w).isEqualTo(webhook(new ArrayList<>(given)));
    assertThat(w.withConsecutiveFailures(0)).isEqualTo(w);
  }
}
