package io.hookrelay.delivery;

import io.hookrelay.Addresses;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Cuid;
import io.hookrelay.webhook.Traceparent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries in batches and sends them, one verticle per event loop. In flight are at
 * most {@code maxInFlight} claims; {@link HostLanes} keeps one slow receiver host from starving the
 * others, {@link Verdict} turns each result into an outcome and a log entry, and {@link
 * OutcomeWriter} writes those back in batches. This class only wires them to the clock, the queue
 * and the event bus.
 */
public final class DeliveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryVerticle.class);
  private static final Duration DEFER = Duration.ofMillis(500);

  private final HookrelayConfig.Delivery config;
  private final Stores stores;
  private final SsrfGuard guard;
  private final Metrics metrics;

  /**
   * Whose claims are this verticle's: the node plus an instance id, so that a verticle stopping
   * hands back only its own claims, never those its siblings on the node are still sending.
   */
  private final String claimer;

  private final String userAgent;

  private HttpClients clients;
  private Sender sender;
  private Verdict verdict;
  private OutcomeWriter writer;
  private WakeUpTimer wakeUp;
  private HostLanes lanes;
  private int inFlight;
  private boolean claiming;
  private boolean wakeRequested;
  private boolean backlog;
  private int minClaim;

  /** Set by {@link #stop}: completed once nothing is in flight and no claim is under way. */
  private Promise<Void> drained;

  public DeliveryVerticle(
      HookrelayConfig.Delivery config,
      Stores stores,
      SsrfGuard guard,
      Metrics metrics,
      String node,
      String userAgent) {
    this.config = config;
    this.stores = stores;
    this.guard = guard;
    this.metrics = metrics;
    this.claimer = node + "/" + Cuid.next();
    this.userAgent = userAgent;
  }

  @Override
  public Future<?> start() {
    clients = new HttpClients(vertx, config);
    sender = new Sender(clients, new AddressResolver(vertx, guard), config.timeoutMs(), userAgent);
    verdict = new Verdict(RetryPolicy.from(config));
    minClaim = Math.max(1, Math.min(config.batchSize(), config.maxInFlight()) / 4);
    lanes =
        new HostLanes(
            config.maxInFlightPerHost(),
            Math.max(config.maxInFlightPerHost(), config.maxInFlight() / 2));
    writer =
        new OutcomeWriter(
            vertx, stores, claimer, config.disableAfterFailures(), config.batchSize());
    wakeUp = new WakeUpTimer(vertx, () -> lookInStore(false));
    vertx.setPeriodic(config.pollIntervalMs(), id -> lookInStore(true));
    stores
        .queue()
        .register(
            claimer,
            Math.min(config.maxInFlight(), 2 * config.batchSize()),
            Duration.ofMillis(config.leaseMs()),
            () -> context.runOnContext(v -> pump()));
    return Future.all(
            vertx
                .eventBus()
                .localConsumer(Addresses.DELIVERIES_READY, m -> lookInStore(false))
                .completion(),
            vertx
                .eventBus()
                .<JsonObject>localConsumer(
                    Addresses.WEBHOOK_TEST, m -> new TestSend(sender, writer).run(m))
                .completion(),
            vertx
                .eventBus()
                .localConsumer(
                    Addresses.DELIVERY_HEALTH,
                    m -> m.reply(new JsonObject().put("inFlight", inFlight)))
                .completion())
        .onSuccess(v -> pump());
  }

  /**
   * Lets the sends under way finish (within one attempt's timeout), writes their outcomes, then
   * hands back every claim still held. Claims waiting behind a busy receiver are not sent now: the
   * release hands them back.
   */
  @Override
  public Future<?> stop() {
    wakeUp.cancel();
    inFlight(-lanes.drainWaiting().size());
    drained = Promise.promise();
    settleIfDrained();
    return drained
        .future()
        .timeout(config.timeoutMs() + 1_000, TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture())
        .compose(v -> writer.flush())
        .compose(v -> stores.queue().release(claimer))
        .onSuccess(n -> LOG.info("delivery stopped; {} unfinished claims handed back", n))
        .eventually(
            () -> {
              clients.close();
              return Future.succeededFuture();
            });
  }

  private boolean stopping() {
    return drained != null;
  }

  private void settleIfDrained() {
    if (stopping() && inFlight == 0 && !claiming) {
      drained.tryComplete();
    }
  }

  /**
   * Claims more work when there is room; called on wake-ups, on completions while a backlog is
   * likely, and by the poll timer. Claims come in batches: with less room than a quarter batch it
   * waits for more completions rather than claiming a few rows at a time. While a receiver host is
   * saturated ({@link HostLanes}), new claims would mostly be handed back, so only the poll timer
   * and other hosts' completions claim ({@code pastSaturated}).
   */
  private void pump(boolean pastSaturated) {
    if (stopping()) {
      return;
    }
    int room = config.maxInFlight() - inFlight;
    if (claiming || (room < minClaim && inFlight > 0) || (lanes.anySaturated() && !pastSaturated)) {
      wakeRequested = true;
      return;
    }
    claiming = true;
    wakeRequested = false;
    int wanted = Math.min(room, config.batchSize());
    stores
        .queue()
        .claim(claimer, wanted, Duration.ofMillis(config.leaseMs()))
        .andThen(done -> claiming = false)
        .onSuccess(jobs -> admitAll(jobs, wanted))
        .onFailure(e -> LOG.warn("claiming deliveries failed: {}", e.getMessage()))
        .onComplete(v -> settleIfDrained());
  }

  private void pump() {
    pump(false);
  }

  /**
   * Something may be due in the store (new deliveries there, a retry come due, or the poll's look):
   * claim from it, not only what the accepting node handed over.
   */
  private void lookInStore(boolean pastSaturated) {
    stores.queue().lookInStore(claimer);
    pump(pastSaturated);
  }

  private void admitAll(List<DeliveryJob> jobs, int wanted) {
    if (stopping()) {
      return; // stop() hands these back with the release
    }
    backlog = jobs.size() == wanted;
    jobs.forEach(this::admitWhenDue);
    if (backlog || wakeRequested) {
      pump(false);
    }
  }

  /**
   * Admits a job at the start its webhook's rate limit gave it; while it waits it holds a place in
   * flight. A paced job's webhook is claimed again once its last slot has come, for the next
   * second's budget.
   */
  private void admitWhenDue(DeliveryJob job) {
    if (job.notBeforeMillis() == 0) {
      admit(job);
      return;
    }
    long wait = job.notBeforeMillis() - System.currentTimeMillis();
    wakeUp.wakeAt(job.notBeforeMillis());
    if (wait < 1) {
      admit(job);
      return;
    }
    inFlight(1);
    vertx.setTimer(
        wait,
        id -> {
          inFlight(-1);
          if (stopping()) {
            settleIfDrained(); // the release hands the claim back unsent
          } else {
            admit(job);
          }
        });
  }

  /** Sends the job now, leaves it waiting for its host, or hands it back for a moment. */
  private void admit(DeliveryJob job) {
    switch (lanes.admit(job)) {
      case START -> {
        inFlight(1);
        attempt(job);
      }
      case QUEUED -> inFlight(1);
      case DEFER -> {
        metrics.deferred();
        writer.add(
            Outcome.deferred(
                job.deliveryCuid(),
                job.webhookCuid(),
                job.attempt() - 1,
                Instant.now().plus(DEFER)),
            null);
      }
    }
  }

  private void attempt(DeliveryJob job) {
    String traceparent = Traceparent.forAttempt(job.traceparent());
    sender
        .send(toRequest(job, traceparent))
        .onSuccess(result -> finished(job, Traceparent.traceId(traceparent), result));
  }

  private void finished(DeliveryJob job, String traceId, Sender.Result result) {
    record(job, traceId, result);
    HostLanes.Finished lane = lanes.finished(job);
    if (lane.next() != null) {
      attempt(lane.next());
    }
    inFlight(-1);
    settleIfDrained();
    if (backlog || wakeRequested) {
      pump(!lane.wasSaturated());
    }
  }

  /** Writes one attempt's outcome and log entry (in batches), counts it, and wakes for a retry. */
  private void record(DeliveryJob job, String traceId, Sender.Result result) {
    Verdict.Settled settled = verdict.settle(job, result, Instant.now());
    metrics.attempt(result.durationMs());
    switch (settled.kind()) {
      case SUCCEEDED -> metrics.succeeded();
      case RETRY -> {
        metrics.retryScheduled();
        wakeUp.wakeAt(settled.outcome().nextAttemptAt().toEpochMilli());
      }
      case GONE -> metrics.gone();
      case FAILED -> metrics.failed();
      case DEFERRED -> {} // never a verdict: a deferred claim made no attempt
    }
    if (settled.kind() != Outcome.Kind.SUCCEEDED) {
      LOG.debug(
          "delivery {} attempt {} to webhook {}: {}",
          job.deliveryCuid(),
          job.attempt(),
          job.webhookCuid(),
          result.error());
    }
    writer.add(settled.outcome(), settled.attempt().withTraceId(traceId));
    if (job.notBeforeMillis() != 0) {
      // the next delivery of an ordered key waits for this outcome: write it now, then claim
      writer.flush().onComplete(ar -> pump());
    }
  }

  private static Sender.Request toRequest(DeliveryJob job, String traceparent) {
    return new Sender.Request(
        job.url(),
        job.sslVerification(),
        job.deliveryCuid(),
        job.event(),
        job.attempt(),
        job.secret(),
        job.body(),
        job.previousSecret(),
        job.previousSecretExpiresAt(),
        traceparent);
  }

  private void inFlight(int delta) {
    inFlight += delta;
    metrics.inFlight(delta);
  }
}
