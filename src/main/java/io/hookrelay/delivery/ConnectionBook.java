package io.hookrelay.delivery;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * One delivery verticle's account of its connections, per endpoint (TLS mode, address, host): which
 * are busy with a request, which are idle in the keep-alive pool, and how many requests are waiting
 * for one. From it follow the two decisions the process-wide {@link ConnectionLimit} needs: whether
 * a request may need a new connection (then it takes a slot first), and which idle connection to
 * close when others wait for a slot. Plain and single-threaded (the verticle's event loop); {@code
 * C} is the connection type.
 */
final class ConnectionBook<C> {

  private static final class Endpoint {
    int open;
    int busy;
    int waiting;
    int reserved;

    int idle() {
      return open - busy;
    }
  }

  private final int maxPerEndpoint;
  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private final Map<C, String> endpointOf = new HashMap<>();
  private final LinkedHashSet<C> idle = new LinkedHashSet<>();

  ConnectionBook(int maxPerEndpoint) {
    this.maxPerEndpoint = maxPerEndpoint;
  }

  /**
   * Whether a request to {@code endpoint} may open a new connection: none of its idle connections
   * is left for it, and the endpoint's pool is not full (a full pool makes it wait for one of its
   * own connections instead).
   */
  boolean mayOpen(String endpoint) {
    Endpoint e = endpoints.get(endpoint);
    if (e == null) {
      return true;
    }
    return e.idle() <= e.waiting && e.open + e.reserved < maxPerEndpoint;
  }

  /**
   * A request to the endpoint asks the pool for a connection; {@code reserved}: it holds a slot.
   */
  void waiting(String endpoint, boolean reserved) {
    Endpoint e = endpoints.computeIfAbsent(endpoint, k -> new Endpoint());
    e.waiting++;
    if (reserved) {
      e.reserved++;
    }
  }

  /**
   * The pool gave {@code connection} to a waiting request of the endpoint; true when it is a new
   * connection (it then keeps the request's slot until it closes).
   */
  boolean obtained(String endpoint, boolean reserved, C connection) {
    Endpoint e = stopWaiting(endpoint, reserved);
    e.busy++;
    if (idle.remove(connection) || endpointOf.containsKey(connection)) {
      return false;
    }
    endpointOf.put(connection, endpoint);
    e.open++;
    return true;
  }

  /** A waiting request got no connection (timeout, connect failure). */
  void abandoned(String endpoint, boolean reserved) {
    stopWaiting(endpoint, reserved);
    forgetIfUnused(endpoint);
  }

  /**
   * The request on {@code connection} is over; a {@code reusable} connection goes back to the pool
   * as idle, any other is about to close.
   */
  void finished(C connection, boolean reusable) {
    String endpoint = endpointOf.get(connection);
    if (endpoint == null) {
      return; // closed already
    }
    if (reusable) {
      endpoints.get(endpoint).busy--;
      idle.add(connection);
    }
  }

  /** The connection closed; true when it was counted here (its slot is then free). */
  boolean closed(C connection) {
    String endpoint = endpointOf.remove(connection);
    if (endpoint == null) {
      return false;
    }
    Endpoint e = endpoints.get(endpoint);
    e.open--;
    if (!idle.remove(connection)) {
      e.busy--;
    }
    forgetIfUnused(endpoint);
    return true;
  }

  /**
   * The idle connection idle the longest whose endpoint no request is waiting for (so no request
   * can be handed it while it closes), taken out of the idle set; null when there is none.
   */
  C evictable() {
    for (Iterator<C> it = idle.iterator(); it.hasNext(); ) {
      C connection = it.next();
      if (endpoints.get(endpointOf.get(connection)).waiting == 0) {
        it.remove();
        endpoints.get(endpointOf.get(connection)).busy++; // closing: no longer idle
        return connection;
      }
    }
    return null;
  }

  int open() {
    return endpointOf.size();
  }

  int idle() {
    return idle.size();
  }

  private Endpoint stopWaiting(String endpoint, boolean reserved) {
    Endpoint e = endpoints.get(endpoint);
    e.waiting--;
    if (reserved) {
      e.reserved--;
    }
    return e;
  }

  private void forgetIfUnused(String endpoint) {
    Endpoint e = endpoints.get(endpoint);
    if (e != null && e.open == 0 && e.waiting == 0) {
      endpoints.remove(endpoint);
    }
  }
}
