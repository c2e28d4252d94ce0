package io.hookrelay.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in the delivery log: an attempt's {@code createdAt} and a number the store gives each
 * attempt to order those created at the same instant. The log lists newest first; the page after a
 * cursor holds the attempts that sort strictly before it. Clients see it only as an opaque string.
 */
public record LogCursor(Instant createdAt, long tiebreak) {

  private static final String VERSION = "1";

  /** The opaque form: URL-safe base64, no padding. */
  public String encode() {
    String plain =
        VERSION + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + tiebreak;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor {@link #encode()} made, or empty for anything else. */
  public static Optional<LogCursor> decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 100) {
      return Optional.empty();
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":", -1);
      if (parts.length != 4 || !parts[0].equals(VERSION)) {
        return Optional.empty();
      }
      long seconds = Long.parseLong(parts[1]);
      int nanos = Integer.parseInt(parts[2]);
      if (nanos < 0 || nanos > 999_999_999) {
        return Optional.empty();
      }
      return Optional.of(
          new LogCursor(Instant.ofEpochSecond(seconds, nanos), Long.parseLong(parts[3])));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
