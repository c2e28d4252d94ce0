package io.hookrelay.delivery;

import io.hookrelay.support.Receiver;
import io.hookrelay.support.Receiver.Answer;
import io.hookrelay.support.Receiver.Received;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Shorthands for the tests of rate limits and ordered delivery, as a receiver sees them. */
public final class Paced {

  private Paced() {}

  /** The most arrivals within any closed window of {@code windowMs} milliseconds. */
  public static int maxInWindow(List<Received> arrivals, long windowMs) {
    long window = TimeUnit.MILLISECONDS.toNanos(windowMs);
    List<Long> at = arrivals.stream().map(Received::at).sorted().toList();
    int most = 0;
    int first = 0;
    for (int last = 0; last < at.size(); last++) {
      while (at.get(last) - at.get(first) > window) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  /** The producer's {@code text} of the event a request carried. */
  public static String text(Received r) {
    return new JsonObject(r.body()).getString("text");
  }

  /** The texts of the requests whose text starts with {@code prefix}, in arrival order. */
  public static List<String> texts(Receiver receiver, String prefix) {
    return receiver.received().stream().map(Paced::text).filter(t -> t.startsWith(prefix)).toList();
  }

  /** The arrivals whose text starts with {@code prefix}, in arrival order. */
  public static List<Received> arrivals(Receiver receiver, String prefix) {
    return receiver.received().stream().filter(r -> text(r).startsWith(prefix)).toList();
  }

  /**
   * A receiver that answers each request by what it carried: {@code answer} gets the event's text
   * and how many requests with that text came before this one.
   */
  public static Receiver answeringByText(Function<String, Function<Integer, Answer>> answer) {
    AtomicReference<Receiver> self = new AtomicReference<>();
    Receiver receiver =
        Receiver.answering(
            n -> {
              List<Received> got = self.get().received();
              String text = text(got.get(n));
              int before =
                  (int) got.subList(0, n).stream().filter(r -> text.equals(text(r))).count();
              return answer.apply(text).apply(before);
            });
    self.set(receiver);
    return receiver;
  }

  /** An event of type ReportPublished with this text, target and (when not null) ordering key. */
  public static JsonObject event(String text, String targetCuid, String orderingKey) {
    JsonObject e =
        new JsonObject()
            .put("event", "ReportPublished")
            .put("targetCuid", targetCuid)
            .put("text", text);
    return orderingKey == null ? e : e.put("orderingKey", orderingKey);
  }

  /** Milliseconds between two arrivals. */
  public static long gapMs(Received earlier, Received later) {
    return TimeUnit.NANOSECONDS.toMillis(later.at() - earlier.at());
  }
}
