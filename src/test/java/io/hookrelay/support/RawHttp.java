package io.hookrelay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to a server on 127.0.0.1 for tests that need what an HTTP client hides:
 * headers without their body, half a body, a connection left idle. Blocking, on the test thread.
 */
public final class RawHttp implements AutoCloseable {

  /** An HTTP response as read off the wire: status code, head, body. */
  public record Response(int status, String head, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream unread = new ByteArrayOutputStream();

  public RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(100);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text as it is (ISO-8859-1, so a header line is exactly its characters). */
  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response (head and Content-Length body), failing after {@code within}. */
  public Response response(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      String text = unread.toString(StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd >= 0) {
        String head = text.substring(0, headEnd);
        int length = contentLength(head);
        int total = headEnd + 4 + length;
        if (text.length() >= total) {
          byte[] all = unread.toByteArray();
          unread.reset();
          unread.write(all, total, all.length - total);
          String body = new String(all, headEnd + 4, length, StandardCharsets.UTF_8);
          return new Response(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no complete response within " + within.toMillis() + " ms; got: " + text);
      }
      if (readSome() < 0) {
        throw new AssertionError("the server closed the connection without a response: " + text);
      }
    }
  }

  /**
   * Waits until the server closes the connection, failing after {@code within}; returns what it
   * sent meanwhile.
   */
  public String closedWithin(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (readSome() >= 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the connection is still open after "
                + within.toMillis()
                + " ms; got: "
                + unread.toString(StandardCharsets.ISO_8859_1));
      }
    }
    return unread.toString(StandardCharsets.ISO_8859_1);
  }

  /** Bytes read into {@code unread} (0 when none came in 100 ms), or -1 at end of stream. */
  private int readSome() {
    byte[] buffer = new byte[8192];
    try {
      int n = in.read(buffer);
      if (n > 0) {
        unread.write(buffer, 0, n);
      }
      return n;
    } catch (SocketTimeoutException e) {
      return 0;
    } catch (IOException e) {
      return -1; // reset by the server: closed as well
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test connection
    }
  }
}
