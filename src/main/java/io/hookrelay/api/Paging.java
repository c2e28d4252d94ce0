package io.hookrelay.api;

import io.hookrelay.store.Page;
import io.hookrelay.webhook.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Paging parameters, checked: {@code page[size]}/{@code page[current]}, or {@code limit}/{@code
 * offset}.
 */
record Paging(int size, int current, int offset) {

  /** {@code page[size]} 1–100 (default 25) and {@code page[current]} ≥ 1 (default 1). */
  static Paging pages(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    int size = intParam(ctx, "page[size]", 25, 1, 100, errors);
    int current = intParam(ctx, "page[current]", 1, 1, Integer.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    long offset = (long) (current - 1) * size;
    return new Paging(size, current, (int) Math.min(offset, Integer.MAX_VALUE));
  }

  /** {@code limit} 1–500 (default 25) and {@code offset} ≥ 0 (default 0). */
  static Paging limits(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    int limit = intParam(ctx, "limit", 25, 1, 500, errors);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    return new Paging(limit, 0, offset);
  }

  /** {@code {"page": {"current", "size", "totalResults", "totalPages"}}} of a page of results. */
  JsonObject meta(Page<?> page) {
    return new JsonObject()
        .put(
            "page",
            new JsonObject()
                .put("current", current)
                .put("size", size)
                .put("totalResults", page.total())
                .put("totalPages", (page.total() + size - 1) / size));
  }

  private static int intParam(
      RoutingContext ctx, String name, int dflt, int min, int max, List<FieldError> errors) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new FieldError(
            name,
            "must be a whole number from "
                + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max)));
    return dflt;
  }
}
