package io.hookrelay.bench;

/**
 * The delivery ids the sink has seen, as 64-bit hashes in one open-addressed {@code long[]}: no
 * object per id. A set of a million {@code String}s lived in the sink's old generation and every
 * young collection scanned the table's cards, so the sink paused 35–117 ms at a time late in a run
 * and those pauses were the p99 of the latency phase. Two ids with the same 64-bit hash would count
 * as a duplicate; among a few million cuids that chance is about 10<sup>-7</sup>, and the bench
 * would report it, not hide it.
 */
final class SeenIds {

  private static final double MAX_LOAD = 0.5;

  private long[] table;
  private int size;

  /** Room for {@code expected} ids before the table grows. */
  SeenIds(int expected) {
    table = new long[Integer.highestOneBit(Math.max(16, (int) (expected / MAX_LOAD)) - 1) << 1];
  }

  /** True when the id was not seen before (and is now). */
  synchronized boolean add(String id) {
    if (size + 1 > table.length * MAX_LOAD) {
      grow();
    }
    if (insert(table, hash(id))) {
      size++;
      return true;
    }
    return false;
  }

  synchronized int size() {
    return size;
  }

  /** FNV-1a over the chars, then a final mix; never 0, which marks an empty slot. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  private static boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      if (table[i] == 0) {
        table[i] = h;
        return true;
      }
      if (table[i] == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (long h : table) {
      if (h != 0) {
        insert(bigger, h);
      }
    }
    table = bigger;
  }
}
