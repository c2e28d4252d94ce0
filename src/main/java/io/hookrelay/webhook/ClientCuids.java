package io.hookrelay.webhook;

import java.util.AbstractList;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A webhook's {@code clientCuids}: an immutable list in the order given (as it is shown and
 * stored), with {@link #contains} answered by a hash set, because the router asks it for every
 * event on the event loop.
 */
final class ClientCuids extends AbstractList<String> implements RandomAccess {

  private static final ClientCuids NONE = new ClientCuids(List.of());

  private final List<String> order;
  private final Set<String> members;

  private ClientCuids(List<String> order) {
    this.order = order;
    this.members = new HashSet<>(order);
  }

  static List<String> of(List<String> cuids) {
    if (cuids instanceof ClientCuids already) {
      return already;
    }
    return cuids.isEmpty() ? NONE : new ClientCuids(List.copyOf(cuids));
  }

  @Override
  public String get(int index) {
    return order.get(index);
  }

  @Override
  public int size() {
    return order.size();
  }

  @Override
  public boolean contains(Object o) {
    return members.contains(o);
  }
}
