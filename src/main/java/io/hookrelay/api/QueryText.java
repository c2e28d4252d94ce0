package io.hookrelay.api;

import io.hookrelay.webhook.FieldError;
import io.hookrelay.webhook.Text;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule of {@link Text} for what comes in the URL: a query parameter (name or value) or a path
 * holding U+0000 or an unpaired surrogate is a 400 naming it, before any handler looks it up in a
 * store (PostgreSQL would fail the lookup).
 */
final class QueryText implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    if (ctx.request().path().contains("%00")) {
      errors.add(new FieldError("path", "must not contain U+0000"));
    }
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      String problem = Text.problem(param.getKey());
      if (problem == null) {
        problem = Text.problem(param.getValue());
      }
      if (problem != null) {
        errors.add(new FieldError(param.getKey(), problem));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
    ctx.next();
  }
}
