package io.hookrelay.store;

/**
 * The store cannot be reached right now (no connection, none free in time, the database shutting
 * down or starting up): the request was fine and may be tried again shortly. The cause says what
 * the store saw.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}
