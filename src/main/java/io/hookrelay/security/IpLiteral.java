package io.hookrelay.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without any DNS lookup. A host of digits and dots is an IPv4 literal
 * in one of its short forms ({@code 2130706433}, {@code 127.1}: the last part fills the remaining
 * bytes, as {@code inet_aton} and Java read them); a host with a colon is an IPv6 literal.
 */
public final class IpLiteral {

  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.%]+");

  private IpLiteral() {}

  public static boolean isLiteral(String host) {
    return DIGITS_AND_DOTS.matcher(host).matches()
        || (host.contains(":") && IPV6_CHARS.matcher(host).matches());
  }

  /**
   * The address of a literal; only call after {@link #isLiteral} said yes. Throws {@link
   * SsrfException} for a malformed one.
   */
  public static InetAddress parse(String literal) {
    try {
      if (DIGITS_AND_DOTS.matcher(literal).matches()) {
        byte[] bytes = ipv4(literal);
        if (bytes != null) {
          return InetAddress.getByAddress(bytes); // never a lookup
        }
      } else if (Character.digit(literal.charAt(0), 16) != -1 || literal.charAt(0) == ':') {
        // Java reads a string that starts like this and holds a colon as an IPv6 literal, and
        // refuses it when malformed, without a lookup. A zone (%eth0) is of no use to a webhook.
        int zone = literal.indexOf('%');
        return InetAddress.getByName(zone < 0 ? literal : literal.substring(0, zone));
      }
    } catch (UnknownHostException e) {
      // malformed
    }
    throw new SsrfException("is not a valid IP address");
  }

  /** {@code a}, {@code a.b}, {@code a.b.c} or {@code a.b.c.d} in decimal; null when malformed. */
  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 10) {
        return null;
      }
      values[i] = Long.parseLong(parts[i]);
      if (i < parts.length - 1 && values[i] > 255) {
        return null;
      }
    }
    int lastBytes = 5 - parts.length;
    long last = values[parts.length - 1];
    if (last >= 1L << (8 * lastBytes)) {
      return null;
    }
    long value = last;
    for (int i = 0; i < parts.length - 1; i++) {
      value |= values[i] << (8 * (3 - i));
    }
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }
}
