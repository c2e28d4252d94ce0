package io.hookrelay.webhook;

import java.util.List;
import java.util.Map;

/**
 * What every string a client sends must be: Unicode text that PostgreSQL can store. U+0000 is
 * refused by PostgreSQL's {@code text} and {@code jsonb} (one such byte would fail a whole batch of
 * events, other tenants' included), and an unpaired surrogate is not text at all (it would be
 * stored as {@code ?}). Both are refused at the door, on every store, so both stores answer alike.
 */
public final class Text {

  private Text() {}

  /** Why {@code s} cannot be taken, or null when it can. */
  public static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0') {
        return "must not contain U+0000";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain an unpaired surrogate (U+" + Integer.toHexString(c) + ")";
      }
    }
    return null;
  }

  /**
   * The first string with a {@link #problem} anywhere in a decoded JSON value (object keys
   * included), as {@code "<problem> (at <path>)"}; null when there is none. {@code path} names the
   * value itself, e.g. {@code data}.
   */
  public static String problemIn(Object value, String path) {
    if (value instanceof String s) {
      String problem = problem(s);
      return problem == null ? null : problem + " (at " + path + ")";
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String keyProblem = problem(key);
        if (keyProblem != null) {
          return keyProblem + " (in a key of " + path + ")";
        }
        String inner = problemIn(e.getValue(), path + "." + key);
        if (inner != null) {
          return inner;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String inner = problemIn(list.get(i), path + "[" + i + "]");
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
