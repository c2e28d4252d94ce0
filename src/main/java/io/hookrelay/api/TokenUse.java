package io.hookrelay.api;

import java.util.Map;

/**
 * Decides when a token's {@code lastUsedAt} is written: on its first use seen by this process, then
 * at most once every {@link #EVERY_MS}, so that authenticating costs no store write per request.
 * The map is shared by the API verticles of one process (a Vert.x local map); in a cluster each
 * node writes on its own schedule, so a token used on n nodes is written at most n times a minute.
 */
final class TokenUse {

  static final long EVERY_MS = 60_000;

  /** Past this many remembered tokens, the entries too old to matter are dropped. */
  private static final int TIDY_ABOVE = 10_000;

  private final Map<String, Long> lastWritten;

  /** {@code lastWritten}: token hash → when its last use was written (epoch ms); concurrent. */
  TokenUse(Map<String, Long> lastWritten) {
    this.lastWritten = lastWritten;
  }

  /** Whether the use at {@code now} (epoch ms) of the token with this hash should be written. */
  boolean due(String tokenHash, long now) {
    Long last = lastWritten.get(tokenHash);
    if (last == null) {
      if (lastWritten.size() > TIDY_ABOVE) {
        lastWritten.entrySet().removeIf(e -> now - e.getValue() >= EVERY_MS);
      }
      return lastWritten.putIfAbsent(tokenHash, now) == null;
    }
    return now - last >= EVERY_MS && lastWritten.replace(tokenHash, last, now);
  }
}
