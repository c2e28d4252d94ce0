package io.hookrelay.webhook;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of an incoming event (API.md "Events in"), the same for HTTP and the event bus: {@code
 * event} required and in the catalog, {@code targetCuid} xor {@code targetCuids}, the rest optional
 * and strictly typed, nothing unknown.
 */
public final class EventValidator {

  public static final int MAX_ID = 200;
  public static final int MAX_TEXT = 65_536;

  private static final Set<String> FIELDS =
      Set.of(
          "tenantCuid",
          "id",
          "event",
          "clientCuid",
          "actorCuid",
          "targetType",
          "targetCuid",
          "targetCuids",
          "text",
          "data",
          "orderingKey");

  private final EventCatalog catalog;

  public EventValidator(EventCatalog catalog) {
    this.catalog = catalog;
  }

  /** Validates a decoded event; {@code tenantCuid} must be present (the HTTP API adds it). */
  public List<FieldError> validate(Map<String, Object> body) {
    Fields f = new Fields(body, FIELDS);
    f.require("tenantCuid");
    f.require("event");
    if (f.has("tenantCuid")) {
      f.string("tenantCuid", 1, 64);
    }
    if (f.has("event")) {
      String event = f.string("event", 1, 200);
      if (event != null && !catalog.contains(event)) {
        f.error("event", "unknown event " + event + " (see GET /api/internal/webhookevents)");
      }
    }
    for (String field :
        List.of("clientCuid", "actorCuid", "targetType", "targetCuid", "orderingKey")) {
      if (f.has(field)) {
        f.string(field, 1, 200);
      }
    }
    if (f.has("id")) {
      f.string("id", 1, MAX_ID);
    }
    if (f.has("text")) {
      f.string("text", 0, MAX_TEXT);
    }
    if (f.has("targetCuids")) {
      f.strings("targetCuids", true, false, Integer.MAX_VALUE, 200);
    }
    boolean one = f.has("targetCuid");
    boolean many = f.has("targetCuids");
    if (one == many) {
      f.error(one ? "targetCuids" : "targetCuid", "give exactly one of targetCuid and targetCuids");
    }
    if (f.has("data")) {
      if (!(f.raw("data") instanceof Map)) {
        f.error("data", "must be an object");
      } else {
        String problem = Text.problemIn(f.raw("data"), "data");
        if (problem != null) {
          f.error("data", problem);
        }
      }
    }
    return List.copyOf(f.errors);
  }
}
