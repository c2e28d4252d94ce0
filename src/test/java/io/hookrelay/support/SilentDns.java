package io.hookrelay.support;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 that never answers: a UDP socket that counts the queries it gets and
 * swallows them. Point hookrelay's resolver at {@link #server()} to see what a zone that never
 * answers does, without sending anything to another machine.
 */
public final class SilentDns implements AutoCloseable {

  private final Vertx vertx;
  private final boolean ownVertx;
  private final DatagramSocket socket;
  private final AtomicInteger queries = new AtomicInteger();

  /** On a Vert.x of its own, closed with it: for callers without VertxExtension. */
  public SilentDns() {
    this(Vertx.vertx(), true);
  }

  /** On the caller's Vert.x (e.g. VertxExtension's); {@link #close()} closes only the socket. */
  public SilentDns(Vertx vertx) {
    this(vertx, false);
  }

  private SilentDns(Vertx vertx, boolean ownVertx) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    socket = vertx.createDatagramSocket();
    socket.handler(packet -> queries.incrementAndGet());
    socket.listen(0, "127.0.0.1").await();
  }

  /** {@code 127.0.0.1:port}, as {@code security.ssrf.dnsServers} takes it. */
  public String server() {
    return "127.0.0.1:" + socket.localAddress().port();
  }

  /** Queries received so far. */
  public int queries() {
    return queries.get();
  }

  @Override
  public void close() {
    if (ownVertx) {
      vertx.close().await();
    } else {
      socket.close().await();
    }
  }
}
