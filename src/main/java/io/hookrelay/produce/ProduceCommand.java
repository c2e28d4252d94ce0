package io.hookrelay.produce;

import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookrelay produce …}: joins the cluster with a {@link Producer}, sends one event (and
 * prints the reply) or {@code --count} events (and prints a summary), leaves and returns the exit
 * code: 0 when every event was accepted, 1 otherwise, 2 for a usage error. The whole run, joining
 * included, ends by {@code --timeout}.
 */
public final class ProduceCommand {

  public static final String USAGE =
      "usage: hookrelay produce --members HOST:PORT[,HOST:PORT…] --tenant CUID"
          + " --event NAME --target-cuid CUID [--count N] [--rate PER_SECOND] [--cluster-name NAME]"
          + " [--host ADDRESS] [--tls-key FILE --tls-cert FILE --tls-ca FILE] [--insecure]"
          + " [--timeout SECONDS]";
  static final int MAX_COUNT = 1_000_000;

  /**
   * The parsed command line. {@code count} 0 means one event with its reply printed; rate 0 means
   * unpaced.
   */
  record Options(
      List<String> members,
      String tenant,
      String event,
      String targetCuid,
      int count,
      double rate,
      String clusterName,
      String host,
      HookrelayConfig.Tls tls,
      boolean insecure,
      long timeoutMs) {

    HookrelayConfig.Cluster cluster() {
      return new HookrelayConfig.Cluster(true, members, host, 0, clusterName, tls, insecure);
    }

    JsonObject eventBody() {
      return new JsonObject().put("event", event).put("targetCuid", targetCuid);
    }
  }

  private ProduceCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("hookrelay produce: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    long deadline = System.currentTimeMillis() + options.timeoutMs();
    Future<Producer> joining = Producer.join(options.cluster());
    Producer producer;
    try {
      producer = joining.timeout(options.timeoutMs(), TimeUnit.MILLISECONDS).await();
    } catch (Exception e) { // await() throws the timeout's checked TimeoutException as it is
      joining.onSuccess(Producer::close); // a join that ends after the deadline leaves again
      err.println(
          "hookrelay produce: cannot join cluster "
              + options.clusterName()
              + " at "
              + String.join(",", options.members())
              + " (is a hookrelay node running there with that cluster name?): "
              + e.getMessage());
      return 1;
    }
    try {
      return options.count() == 0
          ? sendOne(producer, options, deadline, out, err)
          : sendMany(producer, options, deadline, out, err);
    } finally {
      producer.close().await();
    }
  }

  private static int sendOne(
      Producer producer, Options options, long deadline, PrintStream out, PrintStream err) {
    Future<JsonObject> reply =
        producer
            .send(options.tenant(), options.eventBody())
            .timeout(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    try {
      out.println(reply.await().encode());
      return 0;
    } catch (RuntimeException e) {
      err.println("refused: " + reason(e));
      return 1;
    }
  }

  private static int sendMany(
      Producer producer, Options options, long deadline, PrintStream out, PrintStream err) {
    Batch.Summary s = new Batch(producer, options, deadline).run().await();
    s.failures().forEach((reason, n) -> err.println("refused " + n + "x: " + reason));
    if (s.unanswered() > 0) {
      err.println(s.unanswered() + " events unanswered or unsent at the --timeout");
    }
    out.printf(
        "sent=%d accepted=%d failed=%d deliveries=%d seconds=%.2f events/s=%.1f%n",
        s.sent(),
        s.accepted(),
        s.failed(),
        s.deliveries(),
        s.seconds(),
        s.accepted() / Math.max(s.seconds(), 0.001));
    return s.accepted() == options.count() ? 0 : 1;
  }

  /**
   * What an event's refusal says: the code and message of a {@link ReplyException}, or the error.
   */
  static String reason(Throwable e) {
    if (e instanceof ReplyException r) {
      return switch (r.failureType()) {
        case RECIPIENT_FAILURE -> r.failureCode() + " " + r.getMessage();
        case NO_HANDLERS -> "no hookrelay node listens on the event bus";
        case TIMEOUT -> "no reply in time";
        default -> r.getMessage();
      };
    }
    return String.valueOf(e.getMessage());
  }

  static Options parse(List<String> args) {
    Map<String, String> given = new HashMap<>();
    List<String> known =
        List.of(
            "--members",
            "--tenant",
            "--event",
            "--target-cuid",
            "--count",
            "--rate",
            "--cluster-name",
            "--host",
            "--tls-key",
            "--tls-cert",
            "--tls-ca",
            "--timeout");
    boolean insecure = false;
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (name.equals("--insecure")) {
        insecure = true;
        continue;
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown argument " + name);
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      given.put(name, args.get(++i));
    }
    for (String required : List.of("--members", "--tenant", "--event", "--target-cuid")) {
      if (given.getOrDefault(required, "").isBlank()) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    List<String> members =
        Arrays.stream(given.get("--members").split(","))
            .map(String::trim)
            .filter(m -> !m.isEmpty())
            .toList();
    if (members.isEmpty()) {
      throw new IllegalArgumentException("--members needs at least one HOST:PORT");
    }
    Options options =
        new Options(
            members,
            given.get("--tenant"),
            given.get("--event"),
            given.get("--target-cuid"),
            (int) whole(given, "--count", 0, 1, MAX_COUNT),
            number(given, "--rate", 0, 0.001, 1_000_000),
            given.getOrDefault("--cluster-name", "hookrelay"),
            given.getOrDefault("--host", "127.0.0.1"),
            tls(given),
            insecure,
            (long) (number(given, "--timeout", 60, 1, 86_400) * 1000));
    if (options.cluster().exposedWithoutTls()) {
      throw new IllegalArgumentException(
          "--host "
              + options.host()
              + " is not a loopback address: give --tls-key, --tls-cert and --tls-ca (the"
              + " cluster's event-bus TLS), or --insecure to send without TLS");
    }
    return options;
  }

  /** The three PEM files of the event bus's TLS, or none; each must be a readable PEM file. */
  private static HookrelayConfig.Tls tls(Map<String, String> given) {
    List<String> flags = List.of("--tls-key", "--tls-cert", "--tls-ca");
    if (flags.stream().noneMatch(given::containsKey)) {
      return HookrelayConfig.Tls.NONE;
    }
    for (String flag : flags) {
      if (!given.containsKey(flag)) {
        throw new IllegalArgumentException(
            flag + " is required with " + String.join(", ", flags) + " (all three or none)");
      }
      String problem = HookrelayConfig.Tls.fileProblem(given.get(flag), flag.equals("--tls-key"));
      if (problem != null) {
        throw new IllegalArgumentException(flag + ": " + problem);
      }
    }
    return new HookrelayConfig.Tls(
        given.get("--tls-key"), given.get("--tls-cert"), given.get("--tls-ca"));
  }

  private static long whole(
      Map<String, String> given, String name, long absent, long min, long max) {
    double value = number(given, name, absent, min, max);
    if (value != Math.rint(value)) {
      throw new IllegalArgumentException(name + " must be a whole number, not " + given.get(name));
    }
    return (long) value;
  }

  private static double number(
      Map<String, String> given, String name, double absent, double min, double max) {
    String raw = given.get(name);
    if (raw == null) {
      return absent;
    }
    double value;
    try {
      value = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, not " + raw);
    }
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be between " + plain(min) + " and " + plain(max) + ", not " + raw);
    }
    return value;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
