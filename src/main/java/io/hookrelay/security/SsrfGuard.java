package io.hookrelay.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a webhook may point at a URL and at the addresses its host resolves to. Unless
 * {@code allowPrivateNetworks}, every address that is not globally reachable is refused: the ranges
 * of IANA's IPv4 and IPv6 special-purpose address registries that are not marked globally reachable
 * (private, shared, loopback, link-local, documentation, benchmarking, reserved, …), multicast, all
 * IPv6 space outside global unicast {@code 2000::/3}, and IPv6 forms that embed a refused IPv4
 * address (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}). Hosts and CIDRs in
 * {@code allowedHosts} are allowed even so. A refused host name is refused without saying what it
 * resolves to (no DNS oracle). Plain Java: resolving is the caller's job, off the event loop.
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

  private final DnsOptions dns;

  public SsrfGuard(boolean allowPrivateNetworks, List<String> allowedHosts) {
    this(allowPrivateNetworks, allowedHosts, DnsOptions.DEFAULT);
  }

  public SsrfGuard(boolean allowPrivateNetworks, List<String> allowedHosts, DnsOptions dns) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.dns = dns;
    for (String entry : allowedHosts) {
      Cidr cidr = Cidr.parse(entry);
      if (cidr != null) {
        allowedCidrs.add(cidr);
      } else {
        allowedNames.add(entry.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** How hosts are to be resolved before their addresses are checked. */
  public DnsOptions dns() {
    return dns;
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
   * Checks every resolved address of {@code host}; throws {@link SsrfException} when one is
   * refused. An IP literal is named with the reason; a host name only "resolves to a non-public
   * address", so that the answer reveals nothing about internal names.
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
            IpLiteral.isLiteral(host)
                ? host + " is a non-public address (" + why + ")"
                : "resolves to a non-public address");
      }
    }
  }

  /** Why this address is refused, or null when it is allowed. */
  public String refusal(InetAddress address) {
    if (allowPrivateNetworks || allowed(address)) {
      return null;
    }
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return SpecialRanges.ipv4(b);
    }
    InetAddress embedded = SpecialRanges.embeddedIpv4(b);
    if (embedded != null && allowed(embedded)) {
      return null;
    }
    return SpecialRanges.ipv6(b);
  }

  private boolean allowed(InetAddress address) {
    return allowedCidrs.stream().anyMatch(c -> c.contains(address));
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
      return matches(unmapped(address).getAddress());
    }

    /** Whether the raw address (4 or 16 bytes) lies inside this range. */
    boolean matches(byte[] a) {
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
