package io.hookrelay.store;

/**
 * The store refused a value of this event (PostgreSQL cannot hold U+0000 in text, for one). Only
 * this event failed; events written in the same batch were retried on their own and stored.
 */
public final class UnstorableEventException extends RuntimeException {
  public UnstorableEventException(String reason) {
    super("the event holds a value the store cannot keep: " + reason, null, false, false);
  }
}
