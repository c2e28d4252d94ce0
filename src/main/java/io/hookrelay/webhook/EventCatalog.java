package io.hookrelay.webhook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The events a webhook may subscribe to: the five PlexTrac events plus any from config. */
public final class EventCatalog {

  public static final String TEST_EVENT = "TestWebhook";

  public static final List<EventType> DEFAULTS =
      List.of(
          new EventType("ReportPublished", "report", "a report moves to Published"),
          new EventType("FindingPublished", "finding", "a finding moves to Published"),
          new EventType(
              "AssessmentSubmitted", "report", "an assessment is submitted and becomes a report"),
          new EventType(
              "SchedulerEngagementSubmitted", "engagement", "a scheduled engagement is submitted"),
          new EventType("ReportStatusChanged", "report", "a report's status changes"));

  private final Map<String, EventType> byName;

  public EventCatalog(List<EventType> extra) {
    Map<String, EventType> map = new LinkedHashMap<>();
    DEFAULTS.forEach(t -> map.put(t.event(), t));
    extra.forEach(t -> map.put(t.event(), t));
    this.byName = Collections.unmodifiableMap(map);
  }

  public static EventCatalog defaults() {
    return new EventCatalog(List.of());
  }

  public boolean contains(String event) {
    return byName.containsKey(event);
  }

  /** How many events there are: also the most a webhook can subscribe to. */
  public int size() {
    return byName.size();
  }

  public List<EventType> all() {
    return new ArrayList<>(byName.values());
  }
}
