package io.hookrelay.store;

/**
 * The store holds as many pending deliveries as it may: the event was not stored. Producers are
 * slowed down (and, if it lasts, told to come back) rather than memory growing without bound.
 */
public final class QueueFullException extends RuntimeException {
  public QueueFullException(long pending) {
    super(pending + " deliveries are pending, the most the store holds", null, false, false);
  }
}
