package io.hookrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every expected string below is what Node's {@code JSON.stringify} printed for the same value
 * (except where a comment says otherwise), compared as UTF-8 bytes.
 */
class EnvelopeTest {

  private static String encode(String cuid, JsonObject fields) {
    return new String(Envelope.encode(cuid, fields), StandardCharsets.UTF_8);
  }

  private static void assertBytes(String cuid, JsonObject fields, String expected) {
    assertThat(Envelope.encode(cuid, fields)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The body of an event whose data is {@code data}, with nothing else set. */
  private static String dataOnly(Object data) {
    String body = encode("c1", new JsonObject().put("data", data));
    return body.substring("{\"cuid\":\"c1\",\"data\":".length(), body.length() - 1);
  }

  @Test
  @DisplayName(
      "All fields come out compact in the documented order, whatever order the producer used")
  void keyOrder() {
    JsonObject fields =
        new JsonObject()
            .put("data", new JsonObject().put("reportName", "Q3"))
            .put("clientCuid", "cc1")
            .put("text", "Report published")
            .put("targetCuid", "ct1")
            .put("targetType", "report")
            .put("event", "ReportPublished")
            .put("actorCuid", "ca1");
    assertBytes(
        "ck1",
        fields,
        "{\"cuid\":\"ck1\",\"actorCuid\":\"ca1\",\"event\":\"ReportPublished\","
            + "\"targetType\":\"report\",\"targetCuid\":\"ct1\",\"text\":\"Report published\","
            + "\"clientCuid\":\"cc1\",\"data\":{\"reportName\":\"Q3\"}}");
  }

  @Test
  @DisplayName("Absent and null optional fields are left out, and targetCuids is written as a list")
  void leftOutFields() {
    JsonObject fields =
        new JsonObject()
            .put("targetCuids", new JsonArray().add("f1").add("f2"))
            .putNull("text")
            .put("event", "FindingsCreated")
            .putNull("actorCuid");
    assertBytes(
        "c1",
        fields,
        "{\"cuid\":\"c1\",\"event\":\"FindingsCreated\",\"targetCuids\":[\"f1\",\"f2\"]}");
    assertBytes("c2", new JsonObject(), "{\"cuid\":\"c2\"}");
  }

  @Test
  @DisplayName("Fields outside the envelope, such as tenantCuid or id, never reach the receiver")
  void unknownFieldsIgnored() {
    JsonObject fields =
        new JsonObject().put("tenantCuid", "t1").put("id", "idem-1").put("event", "E");
    assertThat(encode("c1", fields)).isEqualTo("{\"cuid\":\"c1\",\"event\":\"E\"}");
  }

  @Test
  @DisplayName(
      "Strings are escaped like JSON.stringify: control characters as lowercase \\u00xx, "
          + "lone surrogates as \\udxxx, everything else literal")
  void stringEscaping() {
    JsonObject data =
        new JsonObject()
            .put("name", "naïve ☃ 😀")
            .put("ctl", "a\u0000b\u001fc\u007f")
            .put("esc", "\"\\/\b\f\n\r\t")
            .put("sep", "\u2028\u2029")
            .put("lone", "\ud800x\udc00 \udbff")
            .put("html", "<a href=\"x\">&</a>");
    assertBytes(
        "c1",
        new JsonObject().put("event", "ReportPublished").put("data", data),
        "{\"cuid\":\"c1\",\"event\":\"ReportPublished\",\"data\":{\"name\":\"naïve ☃ 😀\","
            + "\"ctl\":\"a\\u0000b\\u001fc\u007f\",\"esc\":\"\\\"\\\\/\\b\\f\\n\\r\\t\","
            + "\"sep\":\"\u2028\u2029\",\"lone\":\"\\ud800x\\udc00 \\udbff\","
            + "\"html\":\"<a href=\\\"x\\\">&</a>\"}}");
  }

  @Test
  @DisplayName("Non-ASCII text is written as raw UTF-8 bytes, an emoji as its four bytes")
  void utf8Bytes() {
    byte[] body = Envelope.encode("c1", new JsonObject().put("text", "é😀"));
    byte[] expected = {
      '{',
      '"',
      'c',
      'u',
      'i',
      'd',
      '"',
      ':',
      '"',
      'c',
      '1',
      '"',
      ',',
      '"',
      't',
      'e',
      'x',
      't',
      '"',
      ':',
      '"',
      (byte) 0xC3,
      (byte) 0xA9,
      (byte) 0xF0,
      (byte) 0x9F,
      (byte) 0x98,
      (byte) 0x80,
      '"',
      '}'
    };
    assertThat(body).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "Doubles print as JavaScript prints numbers: 1.0 as 1, 1e21 as 1e+21, -0 as 0, NaN as null")
  void doubles() {
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("one", 1.0);
    numbers.put("tenth", 0.1);
    numbers.put("big", 1e21);
    numbers.put("small", 1.5e-7);
    numbers.put("negZero", -0.0);
    numbers.put("dbl", 123456789012345678.0);
    numbers.put("e20", 1e20);
    numbers.put("neg", -2.5);
    numbers.put("tiny", 5e-324);
    numbers.put("e23", 1e23);
    numbers.put("micro", 0.000001);
    numbers.put("nano", 1e-7);
    numbers.put("nan", Double.NaN);
    numbers.put("inf", Double.NEGATIVE_INFINITY);
    numbers.put("third", 1.0 / 3);
    numbers.put("max", Double.MAX_VALUE);
    numbers.put("oddJava17", 8.41e21);
    assertThat(dataOnly(numbers))
        .isEqualTo(
            "{\"one\":1,\"tenth\":0.1,\"big\":1e+21,\"small\":1.5e-7,\"negZero\":0,"
                + "\"dbl\":123456789012345680,\"e20\":100000000000000000000,\"neg\":-2.5,\"tiny\":5e-324,"
                + "\"e23\":1e+23,\"micro\":0.000001,\"nano\":1e-7,\"nan\":null,\"inf\":null,"
                + "\"third\":0.3333333333333333,\"max\":1.7976931348623157e+308,\"oddJava17\":8.41e+21}");
  }

  @Test
  @DisplayName("Integers are written exactly, even beyond what a JavaScript number holds")
  void integers() {
    // JSON.stringify cannot hold 123456789012345678; hookrelay keeps the producer's integer as-is.
    JsonArray numbers =
        new JsonArray()
            .add(42)
            .add(-7)
            .add(123456789012345678L)
            .add(Long.MIN_VALUE)
            .add(new BigInteger("123456789012345678901234567890"))
            .add((short) 3)
            .add((byte) -1);
    assertThat(dataOnly(numbers))
        .isEqualTo(
            "[42,-7,123456789012345678,-9223372036854775808,123456789012345678901234567890,3,-1]");
  }

  @Test
  @DisplayName("A BigDecimal prints like the equivalent double and a float like its decimal form")
  void bigDecimalsAndFloats() {
    JsonArray numbers =
        new JsonArray()
            .add(new BigDecimal("0.10"))
            .add(new BigDecimal("1E+21"))
            .add(new BigDecimal("2.50"))
            .add(0.1f)
            .add(1.0f)
            .add(-0.0f)
            .add(Float.NaN);
    assertThat(dataOnly(numbers)).isEqualTo("[0.1,1e+21,2.5,0.1,1,0,null]");
  }

  @Test
  @DisplayName(
      "Nested JsonObject, JsonArray, Map and List values are written recursively, nulls kept inside data")
  void nestedValues() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("list", new ArrayList<>(Arrays.asList(1, "two", null, true)));
    map.put("none", null);
    JsonObject data =
        new JsonObject()
            .put(
                "obj",
                new JsonObject()
                    .put("arr", new JsonArray().add(new JsonObject().put("k", false)).addNull()))
            .put("map", map)
            .put(
                "empties",
                new JsonArray()
                    .add(new JsonObject())
                    .add(new JsonArray())
                    .add(List.of())
                    .add(Map.of()))
            .put("flag", true);
    assertThat(dataOnly(data))
        .isEqualTo(
            "{\"obj\":{\"arr\":[{\"k\":false},null]},"
                + "\"map\":{\"list\":[1,\"two\",null,true],\"none\":null},\"empties\":[{},[],[],{}],\"flag\":true}");
  }

  @Test
  @DisplayName("Array-index keys come first in ascending order, as in a JavaScript object")
  void arrayIndexKeysFirst() {
    JsonObject data =
        new JsonObject(
            "{\"b\":1,\"10\":2,\"2\":3,\"a\":4,\"01\":5,\"4294967295\":6,"
                + "\"4294967294\":7,\"-1\":8,\"0\":9}");
    assertThat(dataOnly(data))
        .isEqualTo(
            "{\"0\":9,\"2\":3,\"10\":2,\"4294967294\":7,\"b\":1,\"a\":4,\"01\":5,\"4294967295\":6,\"-1\":8}");
  }

  @Test
  @DisplayName(
      "A producer body parsed from JSON comes out byte for byte as JSON.stringify writes it")
  void parsedProducerBody() {
    JsonObject fields =
        new JsonObject(
            "{\"event\":\"FindingUpdated\",\"targetType\":\"finding\","
                + "\"targetCuids\":[\"f1\"],\"clientCuid\":\"cc9\",\"data\":{\"score\":7.50,\"count\":3,"
                + "\"ratio\":1.0E-7,\"tags\":[\"a\\/b\",\"\\u00e9\"],\"deep\":{\"x\":{\"y\":[[]]}}}}");
    assertBytes(
        "cEvt",
        fields,
        "{\"cuid\":\"cEvt\",\"event\":\"FindingUpdated\",\"targetType\":\"finding\","
            + "\"targetCuids\":[\"f1\"],\"clientCuid\":\"cc9\",\"data\":{\"score\":7.5,\"count\":3,"
            + "\"ratio\":1e-7,\"tags\":[\"a/b\",\"é\"],\"deep\":{\"x\":{\"y\":[[]]}}}}");
  }

  @Test
  @DisplayName("The body reads back as the same JSON it was written from")
  void roundTrip() {
    JsonObject data =
        new JsonObject()
            .put("s", "q\"\\\n😀\u0001")
            .put("n", 12.25)
            .put("a", new JsonArray().add(1));
    JsonObject back =
        new JsonObject(encode("c1", new JsonObject().put("event", "E").put("data", data)));
    assertThat(back)
        .isEqualTo(new JsonObject().put("cuid", "c1").put("event", "E").put("data", data));
  }

  @Test
  @DisplayName(
      "A value with no JSON form is refused with its type named, and a missing cuid is refused")
  void unsupportedValues() {
    assertThatThrownBy(
            () -> Envelope.encode("c1", new JsonObject().put("data", Map.of("x", new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Envelope.encode(null, new JsonObject()))
        .isInstanceOf(NullPointerException.class);
  }
}
