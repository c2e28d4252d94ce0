package io.hookrelay.store.pg;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The typed columns of one {@code unnest($1::text[], …)} of a statement, in the statement's order:
 * each column's name, SQL type and value side by side, so a batch of rows is bound as one array per
 * column without counting positions. Declared once per statement as a constant; {@link
 * #placeholders} and {@link #names} render what the statement's text must say (its test compares).
 *
 * @param <R> the row type
 */
final class Unnest<R> {

  private record Column<R, V>(
      String name, String type, IntFunction<V[]> array, Function<R, V> value) {

    V[] values(List<R> rows) {
      V[] out = array.apply(rows.size());
      for (int i = 0; i < out.length; i++) {
        out[i] = value.apply(rows.get(i));
      }
      return out;
    }
  }

  private final List<Column<R, ?>> columns;

  private Unnest(List<Column<R, ?>> columns) {
    this.columns = columns;
  }

  static <R> Unnest<R> of() {
    return new Unnest<>(List.of());
  }

  private <V> Unnest<R> with(
      String name, String type, IntFunction<V[]> array, Function<R, V> value) {
    List<Column<R, ?>> more = new ArrayList<>(columns);
    more.add(new Column<>(name, type, array, value));
    return new Unnest<>(List.copyOf(more));
  }

  Unnest<R> text(String name, Function<R, String> value) {
    return with(name, "text", String[]::new, value);
  }

  Unnest<R> integer(String name, Function<R, Integer> value) {
    return with(name, "int", Integer[]::new, value);
  }

  Unnest<R> bigint(String name, Function<R, Long> value) {
    return with(name, "bigint", Long[]::new, value);
  }

  Unnest<R> bytea(String name, Function<R, Buffer> value) {
    return with(name, "bytea", Buffer[]::new, value);
  }

  Unnest<R> timestamptz(String name, Function<R, OffsetDateTime> value) {
    return with(name, "timestamptz", OffsetDateTime[]::new, value);
  }

  /** Adds one array per column, in order, to {@code params}. */
  Tuple bind(Tuple params, List<R> rows) {
    columns.forEach(c -> params.addValue(c.values(rows)));
    return params;
  }

  /** The columns' names, comma-separated, as the statement aliases them. */
  String names() {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }

  /** The arguments of {@code unnest}, numbered from {@code $first}: {@code $1::text[], …}. */
  String placeholders(int first) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      out.add("$" + (first + i) + "::" + columns.get(i).type() + "[]");
    }
    return String.join(", ", out);
  }

  int size() {
    return columns.size();
  }
}
