package io.hookrelay.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the effective configuration in three layers: the defaults of {@code conf/config.json}, an
 * optional file named by {@code --conf} (or {@code HOOKRELAY_CONF}), then {@code HOOKRELAY_*}
 * environment variables, one per key path ({@code delivery.initialBackoffMs} → {@code
 * HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS}).
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "conf/config.json";

  private ConfigLoader() {}

  public static HookrelayConfig load(String confFile, Map<String, String> env) {
    return HookrelayConfig.from(loadJson(confFile, env));
  }

  public static JsonObject loadJson(String confFile, Map<String, String> env) {
    JsonObject config = defaults();
    String layer = confFile != null ? confFile : env.get("HOOKRELAY_CONF");
    if (layer != null && !layer.isBlank()) {
      config = merge(config, readFile(Path.of(layer)));
    }
    applyEnv(config, "", env);
    return config;
  }

  /**
   * The built-in defaults, from the file beside the working directory or, failing that, the jar.
   */
  public static JsonObject defaults() {
    Path onDisk = Path.of(DEFAULTS);
    if (Files.isRegularFile(onDisk)) {
      return readFile(onDisk);
    }
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new ConfigException(DEFAULTS, "defaults not found on disk or in the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException(DEFAULTS, "cannot be read: " + e.getMessage());
    }
  }

  /** Deep merge: objects merge key by key, anything else in {@code top} replaces. */
  public static JsonObject merge(JsonObject base, JsonObject top) {
    JsonObject out = base.copy();
    for (Map.Entry<String, Object> e : top) {
      Object mine = out.getValue(e.getKey());
      if (mine instanceof JsonObject a && e.getValue() instanceof JsonObject b) {
        out.put(e.getKey(), merge(a, b));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("--conf", "cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("--conf", file + " is not a JSON object");
    }
  }

  private static void applyEnv(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : node.fieldNames().toArray(String[]::new)) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = node.getValue(key);
      if (value instanceof JsonObject child) {
        applyEnv(child, path, env);
        continue;
      }
      String raw = env.get(envName(path));
      if (raw != null) {
        node.put(key, parseEnv(path, value, raw));
      }
    }
  }

  /** {@code delivery.initialBackoffMs} → {@code HOOKRELAY_DELIVERY_INITIAL_BACKOFF_MS}. */
  public static String envName(String path) {
    String snake = path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    return "HOOKRELAY_" + snake.toUpperCase(Locale.ROOT);
  }

  /**
   * A whole number when it is one, else a fraction: HookrelayConfig decides what the key accepts.
   */
  private static Number number(String raw) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return Double.parseDouble(raw);
    }
  }

  private static Object parseEnv(String path, Object current, String raw) {
    String envName = envName(path);
    try {
      if (current instanceof Boolean) {
        if (!raw.equals("true") && !raw.equals("false")) {
          throw new ConfigException(path, envName + "=" + raw + " is not true or false");
        }
        return Boolean.valueOf(raw);
      }
      if (current instanceof Number) {
        return number(raw.trim());
      }
      if (current instanceof JsonArray) {
        JsonArray list = new JsonArray();
        Arrays.stream(raw.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .forEach(list::add);
        return list;
      }
      return raw;
    } catch (NumberFormatException e) {
      throw new ConfigException(path, envName + "=" + raw + " is not a number");
    }
  }
}
