package io.hookrelay.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals, parsed without any DNS lookup. */
public final class IpLiteral {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private IpLiteral() {}

  public static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || (host.contains(":") && host.matches("[0-9a-fA-F:.%]+"));
  }

  /** The address of a literal; only call after {@link #isLiteral} said yes. */
  public static InetAddress parse(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new SsrfException("is not a valid IP address");
    }
  }
}
