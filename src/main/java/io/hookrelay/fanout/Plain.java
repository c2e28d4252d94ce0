package io.hookrelay.fanout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as plain maps and lists, the form the domain's validators read. */
final class Plain {

  private Plain() {}

  static Map<String, Object> map(JsonObject json) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof JsonObject o) {
      return map(o);
    }
    if (v instanceof JsonArray a) {
      List<Object> out = new ArrayList<>(a.size());
      a.forEach(x -> out.add(value(x)));
      return out;
    }
    return v;
  }
}
