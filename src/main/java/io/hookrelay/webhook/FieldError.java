package io.hookrelay.webhook;

/** One failing field of a request, as listed in an error's {@code details}. */
public record FieldError(String field, String message) {}
