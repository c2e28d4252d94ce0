package io.hookrelay.store.pg;

import io.hookrelay.store.StoreUnavailableException;
import io.hookrelay.store.UnstorableEventException;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * What a PostgreSQL error says about the statement that got it, and how it leaves the store: the
 * rest of the server sees no driver types, only the store's own exceptions.
 */
final class PgErrors {

  private PgErrors() {}

  /**
   * The store interface {@code type} as the rest of the server sees it: every failed future it
   * returns that says the database {@link #isUnavailable cannot be reached} fails with a {@link
   * StoreUnavailableException} instead; other failures pass as they are. The one boundary of the
   * PostgreSQL store, so each new interface method is covered too.
   */
  static <T> T atBoundary(Class<T> type, T store) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              return result instanceof Future<?> f ? translated(f) : result;
            }));
  }

  private static <R> Future<R> translated(Future<R> f) {
    return f.recover(
        e -> Future.failedFuture(isUnavailable(e) ? new StoreUnavailableException(e) : e));
  }

  /**
   * Whether a failure says the database cannot be reached right now rather than that the statement
   * or the code is wrong: no connection (refused, cut, closed), a pool with no connection to give
   * in time, or a database shutting down, starting up or out of connections (SQLSTATE 08xxx, 57P0x,
   * 53300).
   */
  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof ClosedConnectionException
          || t instanceof ConnectionPoolTooBusyException
          || t instanceof TimeoutException
          || t instanceof VertxException
              && String.valueOf(t.getMessage()).startsWith("Timeout waiting for connection")) {
        return true;
      }
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        String state = db.getSqlState();
        return state.startsWith("08") || state.startsWith("57P0") || state.equals("53300");
      }
    }
    return false;
  }

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
