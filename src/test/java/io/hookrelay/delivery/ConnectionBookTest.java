package io.hookrelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A verticle's account of its connections, with plain strings standing for connections. */
class ConnectionBookTest {

  private final ConnectionBook<String> book = new ConnectionBook<>(2);

  /** A request to {@code endpoint} that ends on {@code connection}; true when it was new. */
  private boolean use(String endpoint, String connection) {
    boolean reserve = book.mayOpen(endpoint);
    book.waiting(endpoint, reserve);
    return book.obtained(endpoint, reserve, connection);
  }

  @Test
  @DisplayName("A first request may open a connection; once it is idle the next one reuses it")
  void openThenReuse() {
    assertThat(book.mayOpen("a")).isTrue();
    assertThat(use("a", "a1")).isTrue();
    assertThat(book.open()).isEqualTo(1);

    book.finished("a1", true);
    assertThat(book.idle()).isEqualTo(1);
    assertThat(book.mayOpen("a")).as("an idle connection is there").isFalse();
    assertThat(book.mayOpen("b")).as("another endpoint has none").isTrue();
    assertThat(use("a", "a1")).isFalse();
    assertThat(book.idle()).isZero();
  }

  @Test
  @DisplayName("An idle connection counts once: a second waiting request may open its own")
  void idleTakenByAWaiter() {
    use("a", "a1");
    book.finished("a1", true);
    book.waiting("a", book.mayOpen("a")); // takes the idle one

    assertThat(book.mayOpen("a")).isTrue();
  }

  @Test
  @DisplayName("With the endpoint's pool full, a request waits for one of its connections, no slot")
  void fullPoolWaits() {
    use("a", "a1");
    use("a", "a2");
    assertThat(book.mayOpen("a")).isFalse();

    book.waiting("a", true);
    assertThat(book.mayOpen("b")).isTrue();
    book.abandoned("a", true);
    assertThat(book.open()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "The longest idle connection of an endpoint nobody waits for is evicted; closing it frees it")
  void eviction() {
    use("a", "a1");
    use("b", "b1");
    use("c", "c1");
    book.finished("a1", true);
    book.finished("b1", true);
    book.finished("c1", true);
    book.waiting("a", false); // a request for a: a1 must stay

    assertThat(book.evictable()).isEqualTo("b1");
    assertThat(book.idle()).isEqualTo(2);
    assertThat(book.closed("b1")).isTrue();
    assertThat(book.evictable()).isEqualTo("c1");
    assertThat(book.closed("c1")).isTrue();
    assertThat(book.evictable()).isNull();
    assertThat(book.open()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "A connection closed while busy (reset at the deadline) is forgotten; its late finish changes nothing")
  void closedWhileBusy() {
    use("a", "a1");
    assertThat(book.closed("a1")).isTrue();
    book.finished("a1", false);

    assertThat(book.open()).isZero();
    assertThat(book.idle()).isZero();
    assertThat(book.closed("a1")).as("counted once").isFalse();
    assertThat(book.mayOpen("a")).isTrue();
  }

  @Test
  @DisplayName("A connection that will close after its response is not offered as idle")
  void notReusable() {
    use("a", "a1");
    book.finished("a1", false);

    assertThat(book.idle()).isZero();
    assertThat(book.evictable()).isNull();
    assertThat(book.mayOpen("a")).isTrue();
  }
}
