package io.hookrelay.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Vert.x alone, or clustered with Hazelcast: TCP-IP join with the configured members, multicast
 * off, bound to {@code cluster.host}/{@code cluster.port}.
 */
public final class Clustering {

  private Clustering() {
  }

  static Future<Vertx> vertx(HookrelayConfig config, VertxOptions options) {
    HookrelayConfig.Cluster cluster = config.cluster();
    if (!cluster.enabled()) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    options.getEventBusOptions().setHost(cluster.host()).setPort(0);
    return Vertx.builder().with(options).withClusterManager(clusterManager(cluster, false)).buildClustered();
  }

  /**
   * A Hazelcast cluster manager for hookrelay's cluster. A lite member (a producer) holds no data
   * and can come and go freely.
   */
  public static HazelcastClusterManager clusterManager(HookrelayConfig.Cluster cluster, boolean liteMember) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setLiteMember(liteMember);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(cluster.port() == 0 || liteMember);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    hz.setProperty("hazelcast.local.localAddress", cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(hz);
  }

  /** The extra {@code /health} check of a clustered node: its id and the members it sees. */
  static Map<String, Supplier<Future<JsonObject>>> health(Vertx vertx) {
    if (!vertx.isClustered()) {
      return Map.of();
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return Map.of("cluster", () -> Future.succeededFuture(new JsonObject()
        .put("nodeId", manager.getNodeId())
        .put("members", new JsonArray(manager.getNodes()))));
  }
}
