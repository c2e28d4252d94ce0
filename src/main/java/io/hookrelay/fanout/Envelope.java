package io.hookrelay.fanout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the body a receiver gets (API.md, "What a receiver gets"), once per event: compact UTF-8
 * JSON byte for byte as JavaScript's {@code JSON.stringify} would write it, keys in the documented
 * order, absent (null) fields left out. Nested objects keep their key order except that, as in
 * JavaScript, array-index keys ("0", "7", …) come first in ascending order. Integers are written as
 * they are; floating-point numbers as JavaScript prints them (shortest round-trip digits, {@code
 * 1e+21}, {@code 1.5e-7}, {@code -0} as {@code 0}, NaN and infinities as {@code null}); a {@link
 * BigDecimal} as the nearest double, a {@link Float} as its decimal form.
 */
public final class Envelope {

  /** The producer's fields, in the order they follow {@code cuid}. */
  private static final List<String> FIELDS =
      List.of(
          "actorCuid",
          "event",
          "targetType",
          "targetCuid",
          "targetCuids",
          "text",
          "clientCuid",
          "data");

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

  private Envelope() {}

  /** The receiver body of event {@code cuid} with the producer's {@code fields}. */
  public static byte[] encode(String cuid, JsonObject fields) {
    Objects.requireNonNull(cuid, "cuid");
    StringBuilder out = new StringBuilder(256);
    out.append("{\"cuid\":");
    string(out, cuid);
    for (String field : FIELDS) {
      Object value = fields.getValue(field);
      if (value != null) {
        out.append(",\"").append(field).append("\":");
        value(out, value);
      }
    }
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence || value instanceof Character) {
      string(out, value.toString());
    } else if (value instanceof Enum<?> constant) {
      string(out, constant.name());
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Number number) {
      number(out, number);
    } else if (value instanceof JsonObject object) {
      object(out, object.getMap());
    } else if (value instanceof Map<?, ?> map) {
      object(out, map);
    } else if (value instanceof JsonArray array) {
      array(out, array.getList());
    } else if (value instanceof List<?> list) {
      array(out, list);
    } else {
      throw new IllegalArgumentException(
          "cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    // a JavaScript object lists array-index keys first, ascending; the sort is stable for the rest
    entries.sort(Comparator.comparingLong(entry -> arrayIndex(key(entry))));
    out.append('{');
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, key(entries.get(i)));
      out.append(':');
      value(out, entries.get(i).getValue());
    }
    out.append('}');
  }

  private static String key(Map.Entry<?, ?> entry) {
    return String.valueOf(entry.getKey());
  }

  /** The key as a JavaScript array index (canonical 0 … 2^32-2), else {@link Long#MAX_VALUE}. */
  private static long arrayIndex(String key) {
    int length = key.length();
    if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
      return Long.MAX_VALUE;
    }
    long index = 0;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MAX_VALUE;
      }
      index = index * 10 + (c - '0');
    }
    return index <= MAX_ARRAY_INDEX ? index : Long.MAX_VALUE;
  }

  private static void array(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      value(out, list.get(i));
    }
    out.append(']');
  }

  /**
   * A JSON string as JSON.stringify quotes it: lone surrogates escaped, everything else literal.
   */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c)) {
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void number(StringBuilder out, Number n) {
    if (n instanceof Integer
        || n instanceof Long
        || n instanceof BigInteger
        || n instanceof Short
        || n instanceof Byte) {
      out.append(n);
    } else if (n instanceof Float f) {
      jsNumber(out, Double.parseDouble(f.toString()));
    } else {
      jsNumber(out, n.doubleValue());
    }
  }

  /** ECMAScript Number::toString for a double. */
  static void jsNumber(StringBuilder out, double d) {
    if (!Double.isFinite(d)) {
      out.append("null");
      return;
    }
    if (d == 0) {
      out.append('0');
      return;
    }
    if (d < 0) {
      out.append('-');
      d = -d;
    }
    if (d < 0x1p53 && d == Math.rint(d)) {
      out.append((long) d);
      return;
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // d = 0.digits × 10^n
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n > 0 ? '+' : '-').append(Math.abs(n - 1));
    }
  }

  /**
   * The fewest significant digits that read back as {@code d}, the closer candidate (then the even
   * one) on a tie, as ECMAScript requires. Java 17's Double.toString is not always the shortest.
   */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; ; precision++) {
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
      boolean downFits = down.doubleValue() == d;
      boolean upFits = up.doubleValue() == d;
      if (downFits && upFits) {
        int closer = exact.subtract(down).compareTo(up.subtract(exact));
        boolean downEven = !down.unscaledValue().testBit(0);
        return (closer < 0 || (closer == 0 && downEven) ? down : up).stripTrailingZeros();
      } else if (downFits || upFits) {
        return (downFits ? down : up).stripTrailingZeros();
      }
    }
  }
}
