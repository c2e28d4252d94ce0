package io.hookrelay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** hookrelay's meters, one registry per process, scraped at {@code GET /metrics}. */
public final class Metrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter eventsAccepted;
  private final Counter eventsReplayed;
  private final Counter succeeded;
  private final Counter failed;
  private final Counter gone;
  private final Counter retriesScheduled;
  private final Counter deferred;
  private final Timer attemptLatency;
  private final Timer eventStore;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong queueDepth = new AtomicLong();

  public Metrics() {
    eventsAccepted =
        Counter.builder("hookrelay.events.accepted")
            .description("events stored")
            .register(registry);
    eventsReplayed =
        Counter.builder("hookrelay.events.replayed")
            .description("events answered from an idempotency key")
            .register(registry);
    succeeded = outcome("succeeded");
    failed = outcome("failed");
    gone = outcome("gone");
    retriesScheduled =
        Counter.builder("hookrelay.retries.scheduled")
            .description("failed attempts that will be retried")
            .register(registry);
    deferred =
        Counter.builder("hookrelay.deliveries.deferred")
            .description("claims handed back because their host was saturated")
            .register(registry);
    attemptLatency =
        latency("hookrelay.attempt.duration", "time from request to response of one attempt");
    eventStore =
        latency(
            "hookrelay.event.store.duration",
            "time from an event's arrival at the router until it and its deliveries are stored"
                + " (with PostgreSQL: committed), waiting for its batch included");
    Gauge.builder("hookrelay.deliveries.in.flight", inFlight, AtomicLong::get)
        .description("claimed deliveries not yet finished")
        .register(registry);
    Gauge.builder("hookrelay.queue.depth", queueDepth, AtomicLong::get)
        .description("pending deliveries, due or scheduled")
        .register(registry);
  }

  /** A latency histogram from 1 ms to 30 s, with Prometheus buckets. */
  private Timer latency(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private Counter outcome(String outcome) {
    return Counter.builder("hookrelay.deliveries")
        .tag("outcome", outcome)
        .description("finished deliveries by outcome")
        .register(registry);
  }

  public void eventAccepted(boolean replayed) {
    (replayed ? eventsReplayed : eventsAccepted).increment();
  }

  public void attempt(long durationMs) {
    attemptLatency.record(Duration.ofMillis(durationMs));
  }

  public void eventStored(long nanos) {
    eventStore.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void succeeded() {
    succeeded.increment();
  }

  public void failed() {
    failed.increment();
  }

  public void gone() {
    gone.increment();
  }

  public void retryScheduled() {
    retriesScheduled.increment();
  }

  public void deferred() {
    deferred.increment();
  }

  public void inFlight(long delta) {
    inFlight.addAndGet(delta);
  }

  public void queueDepth(long depth) {
    queueDepth.set(depth);
  }

  /**
   * Entries a memory-store bound dropped: the oldest failed deliveries or idempotency keys.
   * Micrometer keeps one counter per kind.
   */
  public void memoryDropped(String kind, int count) {
    Counter.builder("hookrelay.memory.dropped")
        .tag("kind", kind)
        .description("oldest entries dropped to keep the memory store within its bounds")
        .register(registry)
        .increment(count);
  }

  public String scrape() {
    return registry.scrape();
  }
}
