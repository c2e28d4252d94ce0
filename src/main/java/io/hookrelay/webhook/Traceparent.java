package io.hookrelay.webhook;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context for events: the {@code traceparent} an event came with (or a new trace started
 * at ingest), kept with the event, and one child {@code traceparent} per delivery attempt — same
 * trace id, a new parent id each time. Parsing and writing are OpenTelemetry's W3C propagator's;
 * this class only decides what to keep and what to send.
 *
 * <p>A header the propagator refuses (bad version, length, characters, an all-zero id) is ignored
 * as W3C Trace Context says, and a new trace starts. {@code tracestate} is not carried. Ids are
 * random as OpenTelemetry's own generator makes them (not secrets, so no SecureRandom).
 */
public final class Traceparent {

  /** The header's name, on HTTP and as an event-bus message header. */
  public static final String HEADER = "traceparent";

  private static final W3CTraceContextPropagator PROPAGATOR =
      W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final TextMapSetter<Map<String, String>> SETTER = Map::put;

  private Traceparent() {}

  /**
   * What an event keeps: the incoming header written back in its canonical form when it is valid,
   * else the {@code traceparent} of a new trace (sampled) started here.
   */
  public static String atIngest(String header) {
    SpanContext incoming = parse(header);
    if (incoming.isValid()) {
      return write(incoming);
    }
    return write(
        SpanContext.create(
            newTraceId(), newSpanId(), TraceFlags.getSampled(), TraceState.getDefault()));
  }

  /**
   * The header of one attempt: the event's trace id and flags, a new parent id. Null when the event
   * has no trace context (an event stored before tracing existed).
   */
  public static String forAttempt(String stored) {
    SpanContext event = parse(stored);
    if (!event.isValid()) {
      return null;
    }
    return write(
        SpanContext.create(
            event.getTraceId(), newSpanId(), event.getTraceFlags(), TraceState.getDefault()));
  }

  /** The 32 hex digits of the trace id, or null when the header is missing or invalid. */
  public static String traceId(String header) {
    SpanContext context = parse(header);
    return context.isValid() ? context.getTraceId() : null;
  }

  private static SpanContext parse(String header) {
    if (header == null) {
      return SpanContext.getInvalid();
    }
    Map<String, String> carrier = Map.of(HEADER, header);
    return Span.fromContext(PROPAGATOR.extract(Context.root(), carrier, GETTER)).getSpanContext();
  }

  private static String write(SpanContext context) {
    Map<String, String> carrier = new TreeMap<>();
    PROPAGATOR.inject(Context.root().with(Span.wrap(context)), carrier, SETTER);
    return carrier.get(HEADER);
  }

  private static String newTraceId() {
    String id;
    do {
      id =
          TraceId.fromLongs(
              ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
    } while (!TraceId.isValid(id));
    return id;
  }

  private static String newSpanId() {
    String id;
    do {
      id = SpanId.fromLong(ThreadLocalRandom.current().nextLong());
    } while (!SpanId.isValid(id));
    return id;
  }
}
