package io.hookrelay.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event body the load generator sends, padded to a size, with the send time in {@code
 * data.sentUs} (microseconds since the epoch, so the sink in another process can subtract it from
 * its own clock). The body is built once; each request copies it and writes 16 digits in place.
 * hookrelay passes {@code data} through unchanged, so the sink finds the time in the delivery too.
 * With ordering keys ({@code --ordered-keys N}) the {@code targetCuid}, which is the ordering key,
 * cycles over N values, written in place the same way.
 */
final class Payload {

  static final String EVENT = "ReportPublished";
  private static final String MARK = "\"sentUs\":";
  private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DELIVERIES_BYTES =
      "\"deliveries\":".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGITS = 16;
  private static final int KEY_DIGITS = 8;

  private final byte[] template;
  private final int timeAt;
  private final int keys;
  private final int keyAt;
  private final AtomicLong sent = new AtomicLong();

  Payload(int bytes) {
    this(bytes, 0);
  }

  /** {@code keys} > 0: each body's targetCuid is the next of that many ordering keys. */
  Payload(int bytes, int keys) {
    String beforeTarget = "{\"event\":\"" + EVENT + "\",\"targetCuid\":\"";
    String target = keys > 0 ? "ckey" + "0".repeat(KEY_DIGITS) : "cbenchtarget";
    String head = beforeTarget + target + "\",\"data\":{" + MARK;
    this.keys = keys;
    this.keyAt = beforeTarget.length() + "ckey".length();
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
    digits(body, timeAt, DIGITS, sentUs);
    if (keys > 0) {
      digits(body, keyAt, KEY_DIGITS, sent.getAndIncrement() % keys);
    }
    return Buffer.buffer(body);
  }

  private static void digits(byte[] body, int at, int count, long value) {
    long v = value;
    for (int i = at + count - 1; i >= at; i--) {
      body[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
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
