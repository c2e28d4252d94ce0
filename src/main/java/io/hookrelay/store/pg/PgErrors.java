package io.hookrelay.store.pg;

import io.hookrelay.store.UnstorableEventException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

/** What a PostgreSQL error says about the statement that got it. */
final class PgErrors {

  private PgErrors() {}

  /**
   * Whether PostgreSQL refused a value of the statement (SQLSTATE class 22, data exception, e.g.
   * 22021 for U+0000 in text; class 23, integrity constraint violation): the same statement would
   * fail again, but the other rows of a batch need not.
   */
  static boolean isDataError(Throwable e) {
    return e instanceof DatabaseException db
        && db.getSqlState() != null
        && (db.getSqlState().startsWith("22") || db.getSqlState().startsWith("23"));
  }

  /** The refusal as an event's own failure, with PostgreSQL's reason (values are not repeated). */
  static UnstorableEventException unstorable(Throwable e) {
    String reason = e instanceof PgException pg ? pg.getErrorMessage() : e.getMessage();
    return new UnstorableEventException(
        reason + " (SQLSTATE " + ((DatabaseException) e).getSqlState() + ")");
  }
}
