package io.hookrelay.store;

import java.util.List;

/**
 * One page of a listing, the number of matches, and — for listings paged by a cursor — the opaque
 * cursor of the next page ({@code null} on the last page).
 */
public record Page<T>(List<T> items, long total, String nextCursor) {

  public Page(List<T> items, long total) {
    this(items, total, null);
  }
}
