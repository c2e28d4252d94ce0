package io.hookrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules of an incoming event, as a plain class. */
class EventValidatorTest {

  private final EventValidator validator = new EventValidator(EventCatalog.defaults());

  private static Map<String, Object> minimal() {
    Map<String, Object> event = new HashMap<>();
    event.put("tenantCuid", "ctenant");
    event.put("event", "ReportPublished");
    event.put("targetCuid", "ctarget");
    return event;
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> event = minimal();
    event.put(field, value);
    return event;
  }

  private List<String> fields(Map<String, Object> event) {
    return validator.validate(event).stream().map(FieldError::field).toList();
  }

  @Test
  @DisplayName(
      "A minimal event (tenant, event, one target) passes, and so does one with every optional field")
  void valid() {
    assertThat(validator.validate(minimal())).isEmpty();

    Map<String, Object> full = minimal();
    full.put("id", "key-1");
    full.put("clientCuid", "cclient");
    full.put("actorCuid", "cactor");
    full.put("targetType", "report");
    full.put("text", "");
    full.put("data", Map.of("a", List.of(1, 2)));
    assertThat(validator.validate(full)).isEmpty();
  }

  @Test
  @DisplayName("tenantCuid and event are required")
  void required() {
    Map<String, Object> event = minimal();
    event.remove("tenantCuid");
    event.remove("event");

    assertThat(fields(event)).containsExactlyInAnyOrder("tenantCuid", "event");
  }

  @Test
  @DisplayName("The event must be in the catalog, case-exact; a configured one is accepted")
  void catalog() {
    assertThat(fields(with("event", "Nope"))).containsExactly("event");
    assertThat(fields(with("event", "reportpublished"))).containsExactly("event");
    EventValidator custom =
        new EventValidator(new EventCatalog(List.of(new EventType("ScanCompleted", "scan", ""))));
    assertThat(custom.validate(with("event", "ScanCompleted"))).isEmpty();
  }

  @Test
  @DisplayName("Exactly one of targetCuid and targetCuids: both or neither is an error")
  void targetXor() {
    Map<String, Object> neither = minimal();
    neither.remove("targetCuid");
    assertThat(fields(neither)).containsExactly("targetCuid");
    assertThat(fields(with("targetCuids", List.of("ct2")))).containsExactly("targetCuids");

    Map<String, Object> many = minimal();
    many.remove("targetCuid");
    many.put("targetCuids", List.of("ct1", "ct2"));
    assertThat(validator.validate(many)).isEmpty();
  }

  @Test
  @DisplayName("targetCuids must be a non-empty array of strings")
  void targetCuids() {
    Map<String, Object> event = minimal();
    event.remove("targetCuid");
    event.put("targetCuids", List.of());
    assertThat(fields(event)).containsExactly("targetCuids");
    event.put("targetCuids", List.of(1));
    assertThat(fields(event)).containsExactly("targetCuids");
    event.put("targetCuids", "ct1");
    assertThat(fields(event)).containsExactly("targetCuids");
  }

  @Test
  @DisplayName("Optional fields are strictly typed: strings stay strings, data is an object")
  void types() {
    assertThat(fields(with("clientCuid", 1))).containsExactly("clientCuid");
    assertThat(fields(with("actorCuid", true))).containsExactly("actorCuid");
    assertThat(fields(with("targetType", List.of()))).containsExactly("targetType");
    assertThat(fields(with("id", 5))).containsExactly("id");
    assertThat(fields(with("id", ""))).containsExactly("id");
    assertThat(fields(with("text", 5))).containsExactly("text");
    assertThat(fields(with("data", List.of()))).containsExactly("data");
    assertThat(fields(with("data", "x"))).containsExactly("data");
  }

  @Test
  @DisplayName("Limits: id up to 200 characters, text up to 64 KiB")
  void limits() {
    assertThat(validator.validate(with("id", "i".repeat(200)))).isEmpty();
    assertThat(fields(with("id", "i".repeat(201)))).containsExactly("id");
    assertThat(validator.validate(with("text", "t".repeat(65_536)))).isEmpty();
    assertThat(fields(with("text", "t".repeat(65_537)))).containsExactly("text");
  }

  @Test
  @DisplayName("Unknown fields are errors, and every failing field is listed at once")
  void unknownAndSeveral() {
    Map<String, Object> event = with("colour", "red");
    event.put("event", 3);
    event.put("data", 1);

    assertThat(fields(event)).containsExactlyInAnyOrder("colour", "event", "data");
  }
}
