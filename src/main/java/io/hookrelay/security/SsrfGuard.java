package io.hookrelay.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a webhook may point at a URL and at the addresses its host resolves to. Refused
 * unless {@code allowPrivateNetworks}: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10,
 * fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10), multicast,
 * unspecified, and the IPv4-mapped IPv6 forms of all of these. Hosts and CIDRs in {@code
 * allowedHosts} are allowed even so. Plain Java: resolving is the caller's job, off the event loop.
 */
public final class SsrfGuard {

  /** A URL split into what a sender needs; {@code port} is explicit or the scheme's default. */
  public record Target(String scheme, String host, int port, String pathAndQuery) {
    public boolean https() {
      return scheme.equals("https");
    }
  }

  private final boolean allowPrivateNetworks;
  private final List<String> allowedNames = new ArrayList<>();
  private final List<Cidr> allowedCidrs = new ArrayList<>();

  public SsrfGuard(boolean allowPrivateNetworks, List<String> allowedHosts) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    for (String entry : allowedHosts) {
      Cidr cidr = Cidr.parse(entry);
      if (cidr != null) {
        allowedCidrs.add(cidr);
      } else {
        allowedNames.add(entry.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Checks the URL's form. Returns the target, or throws {@link SsrfException} with the reason. */
  public Target parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new SsrfException("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new SsrfException("must be an absolute http or https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new SsrfException("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new SsrfException("must not carry credentials");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new Target(scheme, host.toLowerCase(Locale.ROOT), port, path + query);
  }

  /** Whether the host name itself is on the allow list (then its addresses are not checked). */
  public boolean hostAllowed(String host) {
    return allowPrivateNetworks || allowedNames.contains(host.toLowerCase(Locale.ROOT));
  }

  /**
   * Checks every resolved address of {@code host}; throws {@link SsrfException} naming the first
   * refused one.
   */
  public void checkAddresses(String host, List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new SsrfException("host " + host + " does not resolve");
    }
    if (hostAllowed(host)) {
      return;
    }
    for (InetAddress address : addresses) {
      String why = refusal(address);
      if (why != null) {
        throw new SsrfException(
            "resolves to " + address.getHostAddress() + ", a " + why + " address");
      }
    }
  }

  /** Why this address is refused, or null when it is allowed. */
  public String refusal(InetAddress address) {
    if (allowPrivateNetworks || allowedCidrs.stream().anyMatch(c -> c.contains(address))) {
      return null;
    }
    InetAddress a = unmapped(address);
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
        return "private";
      }
      if (b0 == 100 && b1 >= 64 && b1 <= 127) {
        return "shared (carrier-grade NAT)";
      }
      if (b0 == 0) {
        return "unspecified";
      }
      if (b0 >= 240) {
        return "reserved";
      }
    } else if ((b[0] & 0xfe) == 0xfc) {
      return "private (unique local)";
    }
    return null;
  }

  /** {@code ::ffff:a.b.c.d} and {@code ::a.b.c.d} → the IPv4 address; anything else unchanged. */
  static InetAddress unmapped(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return address;
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible =
        b[10] == 0
            && b[11] == 0
            && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
    if (!mapped && !compatible) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      return address;
    }
  }

  /** An address range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, or a single address. */
  record Cidr(byte[] network, int bits) {

    static Cidr parse(String text) {
      String[] parts = text.split("/", 2);
      if (!IpLiteral.isLiteral(parts[0])) {
        return null;
      }
      byte[] network = IpLiteral.parse(parts[0]).getAddress();
      int bits = network.length * 8;
      if (parts.length == 2) {
        try {
          bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return bits < 0 || bits > network.length * 8 ? null : new Cidr(network, bits);
    }

    boolean contains(InetAddress address) {
      byte[] a = unmapped(address).getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }
}
