package io.hookrelay.webhook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict readers for JSON request bodies decoded into plain maps and lists: wrong types are errors,
 * never coerced, and every string must be {@link Text} PostgreSQL can store. Each reader records a
 * {@link FieldError} and returns null on failure.
 */
final class Fields {

  private final Map<String, Object> body;
  final List<FieldError> errors = new ArrayList<>();

  Fields(Map<String, Object> body, Set<String> known) {
    this.body = body;
    body.keySet().stream()
        .filter(k -> !known.contains(k))
        .sorted()
        .forEach(k -> errors.add(new FieldError(k, "is not a known field")));
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  void require(String field) {
    if (!body.containsKey(field)) {
      errors.add(new FieldError(field, "is required"));
    }
  }

  String string(String field, int min, int max) {
    Object v = body.get(field);
    if (!(v instanceof String s)) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    String problem = Text.problem(s);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
      return null;
    }
    if (s.isBlank() && min > 0) {
      errors.add(new FieldError(field, "must not be empty"));
      return null;
    }
    if (s.length() < min || s.length() > max) {
      errors.add(new FieldError(field, "must be " + min + " to " + max + " characters long"));
      return null;
    }
    return s;
  }

  Boolean bool(String field) {
    Object v = body.get(field);
    if (!(v instanceof Boolean b)) {
      errors.add(new FieldError(field, "must be a boolean"));
      return null;
    }
    return b;
  }

  /**
   * An array of non-empty strings of at most {@code maxLength} characters and at most {@code
   * maxEntries} entries; {@code unique}: no entry twice.
   */
  List<String> strings(
      String field, boolean nonEmpty, boolean unique, int maxEntries, int maxLength) {
    Object v = body.get(field);
    if (!(v instanceof List<?> list)) {
      errors.add(new FieldError(field, "must be an array of strings"));
      return null;
    }
    if (list.size() > maxEntries) {
      errors.add(
          new FieldError(
              field, "must contain at most " + maxEntries + " entries (got " + list.size() + ")"));
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (Object item : list) {
      if (!(item instanceof String s) || s.isEmpty()) {
        errors.add(new FieldError(field, "must be an array of non-empty strings"));
        return null;
      }
      String problem = Text.problem(s);
      if (problem != null) {
        errors.add(new FieldError(field, problem + " (entry " + (out.size() + 1) + ")"));
        return null;
      }
      if (s.length() > maxLength) {
        errors.add(
            new FieldError(
                field,
                "must hold strings of at most "
                    + maxLength
                    + " characters (entry "
                    + (out.size() + 1)
                    + ")"));
        return null;
      }
      if (unique && !seen.add(s)) {
        errors.add(new FieldError(field, "must not contain '" + s + "' twice"));
        return null;
      }
      out.add(s);
    }
    if (nonEmpty && out.isEmpty()) {
      errors.add(new FieldError(field, "must contain at least one entry"));
      return null;
    }
    return out;
  }

  Object raw(String field) {
    return body.get(field);
  }

  void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
