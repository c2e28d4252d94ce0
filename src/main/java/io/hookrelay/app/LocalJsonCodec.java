package io.hookrelay.app;

import io.hookrelay.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Hands a JSON object to a local consumer as it is. The default JSON codec copies every message;
 * the API's events are built for the router alone, so the copy is pure cost. Never for the wire.
 */
final class LocalJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    throw new IllegalStateException(Addresses.LOCAL_CODEC + " is for local delivery only");
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException(Addresses.LOCAL_CODEC + " is for local delivery only");
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return Addresses.LOCAL_CODEC;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
