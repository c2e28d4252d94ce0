package io.hookrelay.delivery;

import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The two pooled clients of one delivery verticle: one that verifies TLS certificates and one that
 * trusts all (for webhooks with {@code sslVerification: false}). Keep-alive, pools per host.
 */
final class HttpClients implements AutoCloseable {

  private final HttpClient verifying;
  private final HttpClient trustingAll;

  HttpClients(Vertx vertx, HookrelayConfig.Delivery config) {
    PoolOptions pool =
        new PoolOptions()
            .setHttp1MaxSize(config.maxConnectionsPerHost())
            .setMaxWaitQueueSize(config.maxInFlightPerHost());
    this.verifying = vertx.createHttpClient(options(config, false), pool);
    this.trustingAll = vertx.createHttpClient(options(config, true), pool);
  }

  private static HttpClientOptions options(HookrelayConfig.Delivery config, boolean trustAll) {
    return new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs()))
        .setForceSni(true)
        .setVerifyHost(!trustAll)
        .setTrustAll(trustAll)
        .setMaxRedirects(0)
        .setDecompressionSupported(false);
  }

  HttpClient forTls(boolean verify) {
    return verify ? verifying : trustingAll;
  }

  @Override
  public void close() {
    verifying.close();
    trustingAll.close();
  }
}
