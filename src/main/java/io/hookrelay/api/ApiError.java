package io.hookrelay.api;

import io.hookrelay.webhook.FieldError;
import java.util.List;

/**
 * An expected failure with its HTTP status, error code and message; {@code details} only for
 * validation. Stackless: it is a value on a normal path, not a bug.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final List<FieldError> details;

  public ApiError(int status, String code, String message, List<FieldError> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public static ApiError validation(List<FieldError> details) {
    return new ApiError(
        400,
        "validation_failed",
        "the request has "
            + details.size()
            + (details.size() == 1 ? " invalid field" : " invalid fields"),
        details);
  }

  public static ApiError validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " not found");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }
}
