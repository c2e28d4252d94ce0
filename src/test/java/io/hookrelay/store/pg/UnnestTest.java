package io.hookrelay.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Typed unnest columns and the statements that use them")
class UnnestTest {

  private record Row(String name, Integer count) {}

  @Test
  @DisplayName("Rows are bound as one typed array per column, in the declared order")
  void binds() {
    Unnest<Row> columns = Unnest.<Row>of().text("name", Row::name).integer("count", Row::count);
    Tuple t = columns.bind(Tuple.tuple(), List.of(new Row("a", 1), new Row("b", null)));
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.getArrayOfStrings(0)).containsExactly("a", "b");
    assertThat(t.getArrayOfIntegers(1)).containsExactly(1, null);
    assertThat(columns.names()).isEqualTo("name, count");
    assertThat(columns.placeholders(3)).isEqualTo("$3::text[], $4::int[]");
  }

  @Test
  @DisplayName("The accept statement unnests the events' and the deliveries' columns as declared")
  void acceptBatch() {
    assertThat(AcceptBatch.INSERT_MANY)
        .contains("unnest(" + AcceptBatch.EVENTS.placeholders(1) + ")")
        .contains("AS b(" + AcceptBatch.EVENTS.names() + ", n)")
        .contains(
            "unnest(" + AcceptBatch.DELIVERIES.placeholders(1 + AcceptBatch.EVENTS.size()) + ")")
        .contains("AS d(" + AcceptBatch.DELIVERIES.names() + ", n)")
        .contains("$" + (1 + AcceptBatch.EVENTS.size() + AcceptBatch.DELIVERIES.size()) + "\n");
  }

  @Test
  @DisplayName("The attempt-log insert unnests every logged column as declared")
  void attemptLog() {
    assertThat(PgAttemptLog.ROWS.names()).isEqualTo(PgAttemptLog.COLUMNS);
    assertThat(PgAttemptLog.APPEND.replaceAll("\\s+", " "))
        .contains("unnest(" + PgAttemptLog.ROWS.placeholders(1) + ")");
  }
}
