package io.hookrelay.delivery;

import io.hookrelay.Addresses;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.metrics.Metrics;
import io.hookrelay.security.AddressResolver;
import io.hookrelay.security.SsrfGuard;
import io.hookrelay.store.DeliveryJob;
import io.hookrelay.store.Outcome;
import io.hookrelay.store.Stores;
import io.hookrelay.webhook.Attempt;
import io.hookrelay.webhook.Cuid;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries in batches and sends them, one verticle per event loop. In flight are at
 * most {@code maxInFlight} claims; per receiver host at most {@code maxInFlightPerHost} requests
 * run, and a host holds at most half of the claims (running and waiting); claims beyond that go
 * back to the queue, so one slow host cannot starve the others. Results are written back in batches
 * by {@link OutcomeWriter}.
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
  private RetryPolicy retryPolicy;
  private OutcomeWriter writer;
  private WakeUpTimer wakeUp;
  private final Map<String, Host> hosts = new HashMap<>();
  private int inFlight;
  private boolean claiming;
  private boolean wakeRequested;
  private boolean backlog;
  private int minClaim;

  /** Claims one receiver host may hold in this verticle (running and waiting). */
  private int hostShare;

  /** Hosts holding their whole share; they get claims again once down to half of it. */
  private final Set<String> saturated = new HashSet<>();

  private boolean stopping;

  /** Requests active and waiting for one receiver host. */
  private static final class Host {
    int active;
    final ArrayDeque<DeliveryJob> waiting = new ArrayDeque<>();
  }

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
    retryPolicy = RetryPolicy.from(config);
    minClaim = Math.max(1, Math.min(config.batchSize(), config.maxInFlight()) / 4);
    hostShare = Math.max(config.maxInFlightPerHost(), config.maxInFlight() / 2);
    writer =
        new OutcomeWriter(
            vertx, stores, claimer, config.disableAfterFailures(), config.batchSize());
    wakeUp = new WakeUpTimer(vertx, this::pump);
    vertx.setPeriodic(config.pollIntervalMs(), id -> pump(true));
    return Future.all(
            vertx.eventBus().localConsumer(Addresses.DELIVERIES_READY, m -> pump()).completion(),
            vertx
                .eventBus()
                .<JsonObject>localConsumer(
                    Addresses.WEBHOOK_TEST, m -> new WebhookTest(sender, writer).run(m))
                .completion(),
            vertx
                .eventBus()
                .localConsumer(
                    Addresses.DELIVERY_HEALTH,
                    m -> m.reply(new JsonObject().put("inFlight", inFlight)))
                .completion())
        .onSuccess(v -> pump());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    wakeUp.cancel();
    // Claims waiting behind a busy receiver are not sent now: the release below hands them back.
    int waiting = 0;
    for (Host host : hosts.values()) {
      waiting += host.waiting.size();
      host.waiting.clear();
    }
    inFlight(-waiting);
    Promise<Void> drained = Promise.promise();
    long deadline = System.currentTimeMillis() + config.timeoutMs() + 1_000;
    vertx.setPeriodic(
        20,
        id -> {
          if ((inFlight == 0 && !claiming) || System.currentTimeMillis() > deadline) {
            vertx.cancelTimer(id);
            drained.complete();
          }
        });
    return drained
        .future()
        .compose(v -> writer.flush())
        .compose(v -> stores.queue().release(claimer))
        .onSuccess(n -> LOG.info("delivery stopped; {} unfinished claims handed back", n))
        .eventually(
            () -> {
              clients.close();
              return Future.succeededFuture();
            });
  }

  /**
   * Claims more work when there is room; called on wake-ups, on completions while a backlog is
   * likely, and by the poll timer. Claims come in batches: with less room than a quarter batch it
   * waits for more completions rather than claiming a few rows at a time. While a receiver host
   * holds its whole share of claims ({@link #saturated}), new claims would mostly be handed back,
   * so only the poll timer and other hosts' completions claim ({@code pastSaturated}).
   */
  private void pump(boolean pastSaturated) {
    int room = config.maxInFlight() - inFlight;
    if (stopping) {
      return;
    }
    if (claiming || (room < minClaim && inFlight > 0) || (!saturated.isEmpty() && !pastSaturated)) {
      wakeRequested = true;
      return;
    }
    claiming = true;
    wakeRequested = false;
    int wanted = Math.min(room, config.batchSize());
    stores
        .queue()
        .claim(claimer, wanted, Duration.ofMillis(config.leaseMs()))
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                LOG.warn("claiming deliveries failed: {}", ar.cause().getMessage());
                return;
              }
              if (stopping) {
                return; // stop() hands these back with the release
              }
              List<DeliveryJob> jobs = ar.result();
              backlog = jobs.size() == wanted;
              jobs.forEach(this::admitWhenDue);
              if (backlog || wakeRequested) {
                pump(false);
              }
            });
  }

  private void pump() {
    pump(false);
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
          if (!stopping) {
            admit(job); // when stopping, the release hands the claim back unsent
          }
        });
  }

  /**
   * Starts the job, queues it behind its host's running requests, or — when the host already holds
   * its share of claims — hands it back to the queue for a moment without counting an attempt.
   */
  private void admit(DeliveryJob job) {
    String key = hostKey(job.url());
    Host host = hosts.computeIfAbsent(key, k -> new Host());
    int held = host.active + host.waiting.size();
    if (held >= hostShare) {
      saturated.add(key);
      metrics.deferred();
      writer.add(
          Outcome.deferred(
              job.deliveryCuid(), job.webhookCuid(), job.attempt() - 1, Instant.now().plus(DEFER)),
          null);
      return;
    }
    inFlight(1);
    if (held + 1 >= hostShare) {
      saturated.add(key);
    }
    if (host.active < config.maxInFlightPerHost()) {
      host.active++;
      attempt(job, key, host);
    } else {
      host.waiting.add(job);
    }
  }

  private void attempt(DeliveryJob job, String key, Host host) {
    Sender.Request request =
        new Sender.Request(
            job.url(),
            job.sslVerification(),
            job.deliveryCuid(),
            job.event(),
            job.attempt(),
            job.secret(),
            job.body());
    sender
        .send(request)
        .onComplete(
            ar -> {
              record(job, ar.result());
              DeliveryJob next = host.waiting.poll();
              if (next != null) {
                attempt(next, key, host);
              } else if (--host.active == 0) {
                hosts.remove(key);
              }
              inFlight(-1);
              boolean wasSaturated = saturated.contains(key);
              if (wasSaturated && host.active + host.waiting.size() <= hostShare / 2) {
                saturated.remove(key);
              }
              if (backlog || wakeRequested) {
                pump(!wasSaturated);
              }
            });
  }

  /** Turns one attempt's result into a log entry and an outcome, both written in batches. */
  private void record(DeliveryJob job, Sender.Result result) {
    metrics.attempt(result.durationMs());
    RetryPolicy.Decision decision =
        retryPolicy.decide(
            job.attempt(), job.maxAttempts(), result.statusCode(), result.retryAfter());
    Instant now = Instant.now();
    Outcome outcome;
    Attempt.Status status;
    switch (decision.kind()) {
      case SUCCEEDED -> {
        outcome = Outcome.succeeded(job.deliveryCuid(), job.webhookCuid(), job.attempt());
        status = Attempt.Status.SUCCEEDED;
        metrics.succeeded();
      }
      case RETRY -> {
        Instant at = now.plusMillis(decision.delayMs());
        outcome = Outcome.retry(job.deliveryCuid(), job.webhookCuid(), job.attempt(), at);
        status = Attempt.Status.RETRYING;
        metrics.retryScheduled();
        wakeUp.wakeAt(at.toEpochMilli());
      }
      case GONE -> {
        outcome =
            Outcome.gone(
                job.deliveryCuid(),
                job.webhookCuid(),
                job.attempt(),
                "receiver answered 410 Gone at "
                    + now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        status = Attempt.Status.FAILED;
        metrics.gone();
      }
      default -> {
        outcome = Outcome.failed(job.deliveryCuid(), job.webhookCuid(), job.attempt());
        status = Attempt.Status.FAILED;
        metrics.failed();
      }
    }
    if (status != Attempt.Status.SUCCEEDED) {
      LOG.debug(
          "delivery {} attempt {} to webhook {}: {}",
          job.deliveryCuid(),
          job.attempt(),
          job.webhookCuid(),
          result.error());
    }
    if (job.notBeforeMillis() != 0) {
      // the next delivery of an ordered key waits for this outcome: write it now, then claim
      writer.add(outcome, attempt(job, status, result, now));
      writer.flush().onComplete(ar -> pump());
      return;
    }
    writer.add(outcome, attempt(job, status, result, now));
  }

  private static Attempt attempt(
      DeliveryJob job, Attempt.Status status, Sender.Result result, Instant now) {
    return new Attempt(
        Cuid.next(),
        job.deliveryCuid(),
        job.webhookCuid(),
        job.tenantCuid(),
        job.eventCuid(),
        job.event(),
        job.url(),
        job.attempt(),
        status,
        result.statusCode(),
        result.durationMs(),
        result.error(),
        result.snippet(),
        now);
  }

  private void inFlight(int delta) {
    inFlight += delta;
    metrics.inFlight(delta);
  }

  /** Scheme, host and port of a URL: requests to one receiver share its limits. */
  static String hostKey(String url) {
    int start = url.indexOf("://");
    int end = url.indexOf('/', start < 0 ? 0 : start + 3);
    return end < 0 ? url : url.substring(0, end);
  }
}
