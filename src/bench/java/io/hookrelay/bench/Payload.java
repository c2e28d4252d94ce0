package io.hookrelay.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The event body the load generator sends, padded to a size, with the send time in {@code
 * data.sentUs} (microseconds since the epoch, so the sink in another process can subtract it from
 * its own clock). The body is built once; each request copies it and writes 16 digits in place.
 * hookrelay passes {@code data} through unchanged, so the sink finds the time in the delivery too.
 */
final class Payload {

  static final String EVENT = "ReportPublished";
  private static final String MARK = "\"sentUs\":";
  private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DELIVERIES_BYTES =
      "\"deliveries\":".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGITS = 16;

  private final byte[] template;
  private final int timeAt;

  Payload(int bytes) {
    String head = "{\"event\":\"" + EVENT + "\",\"targetCuid\":\"cbenchtarget\",\"data\":{" + MARK;
    String digits = "0".repeat(DIGITS);
    String middle = ",\"pad\":\"";
    String tail = "\"}}";
    int pad =
        Math.max(0, bytes - head.length() - digits.length() - middle.length() - tail.length());
    String body = head + digits + middle + "x".repeat(pad) + tail;
    this.template = body.getBytes(StandardCharsets.US_ASCII);
    this.timeAt = head.length();
  }

  int size() {
    return template.length;
  }

  /** A body carrying {@code sentUs}, which must have 16 digits (true from 2001 to 2286). */
  Buffer with(long sentUs) {
    byte[] body = template.clone();
    long v = sentUs;
    for (int i = timeAt + DIGITS - 1; i >= timeAt; i--) {
      body[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return Buffer.buffer(body);
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The {@code sentUs} number in a body, or -1 when there is none. */
  static long sentMicros(Buffer body) {
    return numberAfter(body, MARK_BYTES);
  }

  /** The {@code deliveries} count of an accepted event's receipt, or 0 when there is none. */
  static long deliveries(Buffer receipt) {
    return Math.max(0, numberAfter(receipt, DELIVERIES_BYTES));
  }

  /** The non-negative integer right after the first {@code mark} in {@code body}, or -1. */
  private static long numberAfter(Buffer body, byte[] mark) {
    int n = body.length();
    outer:
    for (int i = 0; i + mark.length < n; i++) {
      for (int j = 0; j < mark.length; j++) {
        if (body.getByte(i + j) != mark[j]) {
          continue outer;
        }
      }
      long v = 0;
      int k = i + mark.length;
      boolean any = false;
      while (k < n) {
        byte c = body.getByte(k++);
        if (c < '0' || c > '9') {
          break;
        }
        v = v * 10 + (c - '0');
        any = true;
      }
      return any ? v : -1;
    }
    return -1;
  }
}
