package io.hookrelay;

import io.hookrelay.app.Server;
import io.hookrelay.config.ConfigException;
import io.hookrelay.config.ConfigLoader;
import io.hookrelay.config.HookrelayConfig;
import io.hookrelay.produce.ProduceCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar hookrelay.jar [--conf FILE] [--cluster]} starts the server; {@code --version}
 * prints {@code hookrelay <version>}. A bad configuration stops the start with one line that names
 * the key. {@code java -jar hookrelay.jar produce …} sends events on the clustered event bus
 * instead (see {@link ProduceCommand}).
 */
public final class Main {

  /** Read by Logback when it first starts, i.e. with Vert.x: the producer logs to stderr. */
  private static final String LOGBACK_CONFIG = "logback.configurationFile";

  private Main() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (!rest.isEmpty() && rest.get(0).equals("produce")) {
      if (System.getProperty(LOGBACK_CONFIG) == null) {
        System.setProperty(LOGBACK_CONFIG, "io/hookrelay/produce/logback-produce.xml");
      }
      System.exit(ProduceCommand.run(rest.subList(1, rest.size()), System.out, System.err));
    }
    String conf = null;
    Map<String, String> env = new HashMap<>(System.getenv());
    for (int i = 0; i < rest.size(); i++) {
      switch (rest.get(i)) {
        case "--conf" -> {
          if (i + 1 >= rest.size()) {
            fail("--conf needs a file name");
          }
          conf = rest.get(++i);
        }
        case "--cluster" -> env.put("HOOKRELAY_CLUSTER_ENABLED", "true");
        case "--version" -> {
          System.out.println("hookrelay " + Version.get());
          return;
        }
        case "-h", "--help" -> {
          System.out.println("usage: hookrelay [--conf FILE] [--cluster] | --version");
          System.out.println("       " + ProduceCommand.USAGE.substring("usage: ".length()));
          return;
        }
        default ->
            fail(
                "unknown argument "
                    + rest.get(i)
                    + " (usage: hookrelay [--conf FILE] [--cluster])");
      }
    }
    HookrelayConfig config;
    try {
      config = ConfigLoader.load(conf, env);
    } catch (ConfigException e) {
      fail(e.getMessage());
      return;
    }
    run(config);
  }

  /** Starts the server; Vert.x's threads keep the JVM running, and SIGTERM stops it cleanly. */
  private static void run(HookrelayConfig config) {
    Server.start(config)
        .onSuccess(
            server ->
                Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stop(server), "hookrelay-shutdown")))
        .onFailure(
            e -> {
              System.err.println(
                  "hookrelay failed to start: "
                      + (e instanceof ConfigException ? e.getMessage() : e));
              System.exit(1);
            });
  }

  /** Drains and stops the server, waiting at most 30 s (this runs on the JVM's shutdown thread). */
  private static void stop(Server server) {
    CountDownLatch stopped = new CountDownLatch(1);
    server.stop().onComplete(ar -> stopped.countDown());
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void fail(String message) {
    System.err.println("hookrelay: " + message);
    System.exit(2);
  }
}
