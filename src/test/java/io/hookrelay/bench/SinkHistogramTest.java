package io.hookrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The latency histograms the sink sends in {@code /_stats} decode whatever they hold. */
class SinkHistogramTest {

  private static final int COMPRESSED_V2_COOKIE = 0x1c849304;
  private static final int HIGHEST_TRACKABLE_OFFSET = 24;

  @Test
  void roundTrip() {
    Histogram h = new Histogram(3);
    h.recordValue(1_500);
    h.recordValue(20_000_000);

    Histogram decoded = Sink.decode(Sink.encode(h));

    assertThat(decoded.getTotalCount()).isEqualTo(2);
    assertThat(decoded.getMaxValue()).isEqualTo(h.getMaxValue());
  }

  @Test
  @DisplayName(
      "A histogram whose counts reach past the highest value its header names still decodes"
          + " (an interval histogram resized while it was read; one crashed a bench run)")
  void countsBeyondTheHeader() {
    Histogram h = new Histogram(3);
    h.recordValue(1_500);
    h.recordValue(20_000_000); // 20 s in microseconds
    ByteBuffer plain = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoByteBuffer(plain);
    plain.putLong(HIGHEST_TRACKABLE_OFFSET, 2_000_000); // the header says 2 s

    Histogram decoded = Sink.decode(compressed(Arrays.copyOf(plain.array(), length)));

    assertThat(decoded.getTotalCount()).isEqualTo(2);
    assertThat(decoded.getMaxValue()).isEqualTo(h.getMaxValue());
  }

  /** HdrHistogram's compressed form: cookie, length, then the deflated plain encoding. */
  private static String compressed(byte[] plain) {
    Deflater deflater = new Deflater();
    deflater.setInput(plain);
    deflater.finish();
    byte[] out = new byte[plain.length + 64];
    int size = deflater.deflate(out);
    deflater.end();
    ByteBuffer whole = ByteBuffer.allocate(8 + size);
    whole.putInt(COMPRESSED_V2_COOKIE).putInt(size).put(out, 0, size);
    return Base64.getEncoder().encodeToString(whole.array());
  }
}
