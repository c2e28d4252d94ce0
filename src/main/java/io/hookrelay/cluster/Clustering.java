package io.hookrelay.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.hookrelay.config.ConfigException;
import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x alone, or clustered with Hazelcast: TCP-IP join with the configured members, multicast
 * off, Hazelcast and the event bus bound to {@code cluster.host} only ({@code cluster.port} for
 * Hazelcast, any free port for the event bus). With {@code cluster.tls} the event bus speaks TLS
 * both ways and accepts only peers whose certificate the CA file trusts; beyond loopback it is
 * required unless {@code cluster.insecure}, and the refusal comes before anything binds. Hazelcast
 * logs through SLF4J.
 */
public final class Clustering {

  private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);
  private static final String LOGGING_TYPE = "hazelcast.logging.type";

  private Clustering() {}

  public static Future<Vertx> vertx(HookrelayConfig config, VertxOptions options) {
    HookrelayConfig.Cluster cluster = config.cluster();
    if (!cluster.enabled()) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    return clustered(cluster, options, false);
  }

  /**
   * Vert.x clustered into hookrelay's cluster, as a node or as a lite member (a producer). Fails
   * with a {@link ConfigException}, before anything binds, when the host is beyond loopback and the
   * event bus would have no TLS without {@code insecure} saying so.
   */
  public static Future<Vertx> clustered(
      HookrelayConfig.Cluster cluster, VertxOptions options, boolean liteMember) {
    if (cluster.exposedWithoutTls()) {
      return Future.failedFuture(
          new ConfigException("cluster.host", HookrelayConfig.NEEDS_TLS.formatted(cluster.host())));
    }
    eventBus(options.getEventBusOptions(), cluster);
    if (!HookrelayConfig.Cluster.isLoopback(cluster.host())) {
      LOG.warn(
          "cluster.host {} is not loopback: the event bus {}, but Hazelcast membership (port {})"
              + " has neither authentication nor TLS; keep it on a private network (docs/cluster.md)",
          cluster.host(),
          cluster.tls().enabled() ? "uses TLS with client certificates" : "has NO TLS",
          cluster.port() == 0 ? "any" : cluster.port());
    }
    return Vertx.builder()
        .with(options)
        .withClusterManager(clusterManager(cluster, liteMember))
        .buildClustered();
  }

  /**
   * The event bus listens on {@code cluster.host}, any free port. With TLS, both ends show a
   * certificate and check the other's against the CA file: a server without a trusted certificate
   * is not sent to, a client without one is not accepted. Host names are not checked: whoever holds
   * a trusted certificate is a member.
   */
  static void eventBus(EventBusOptions options, HookrelayConfig.Cluster cluster) {
    options.setHost(cluster.host()).setPort(0);
    HookrelayConfig.Tls tls = cluster.tls();
    if (!tls.enabled()) {
      return;
    }
    options
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustAll(false) // the event bus's default trusts every server
        .setKeyCertOptions(
            new PemKeyCertOptions().setKeyPath(tls.keyPath()).setCertPath(tls.certPath()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()));
  }

  /**
   * A Hazelcast cluster manager for hookrelay's cluster. A lite member (a producer) holds no data
   * and can come and go freely.
   */
  static HazelcastClusterManager clusterManager(
      HookrelayConfig.Cluster cluster, boolean liteMember) {
    // Hazelcast's static loggers read the system property, not the config: without it the first
    // lines go to java.util.logging on stderr.
    if (System.getProperty(LOGGING_TYPE) == null) {
      System.setProperty(LOGGING_TYPE, "slf4j");
    }
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setLiteMember(liteMember);
    hz.setProperty(LOGGING_TYPE, "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = hz.getNetworkConfig();
    // Port 0 is any free port (a producer's default); a lite member given a port may move up from
    // it.
    network.setPort(cluster.port()).setPortAutoIncrement(liteMember && cluster.port() != 0);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    // The interface only picks the address members advertise; without this Hazelcast listens on
    // all.
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.local.localAddress", cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(hz);
  }

  /** The extra {@code /health} check of a clustered node: its id and the members it sees. */
  public static Map<String, Supplier<Future<JsonObject>>> health(Vertx vertx) {
    if (!vertx.isClustered()) {
      return Map.of();
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return Map.of(
        "cluster",
        () ->
            Future.succeededFuture(
                new JsonObject()
                    .put("nodeId", manager.getNodeId())
                    .put("members", new JsonArray(manager.getNodes()))));
  }
}
