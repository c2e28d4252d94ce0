package io.hookrelay.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The address ranges hookrelay never sends to, from IANA's IPv4 and IPv6 special-purpose address
 * registries (every entry not marked globally reachable; a few globally reachable anycast entries
 * inside 192.0.0.0/24 and 2001::/23 are refused with their blocks, no webhook receiver lives
 * there), plus multicast, IPv6 outside global unicast, and the IPv6 forms that carry an IPv4
 * address, which are judged by that address.
 */
final class SpecialRanges {

  private record Range(SsrfGuard.Cidr cidr, String reason) {}

  private static final List<Range> IPV4 =
      List.of(
          range("0.0.0.0/8", "unspecified"),
          range("10.0.0.0/8", "private"),
          range("100.64.0.0/10", "shared (carrier-grade NAT)"),
          range("127.0.0.0/8", "loopback"),
          range("169.254.0.0/16", "link-local"),
          range("172.16.0.0/12", "private"),
          range("192.0.0.0/24", "IETF protocol assignments"),
          range("192.0.2.0/24", "documentation"),
          range("192.88.99.0/24", "6to4 relay anycast"),
          range("192.168.0.0/16", "private"),
          range("198.18.0.0/15", "benchmarking"),
          range("198.51.100.0/24", "documentation"),
          range("203.0.113.0/24", "documentation"),
          range("224.0.0.0/4", "multicast"),
          range("240.0.0.0/4", "reserved"));

  private static final List<Range> IPV6 =
      List.of(
          range("::/128", "unspecified"),
          range("::1/128", "loopback"),
          range("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
          range("100::/64", "discard-only"),
          range("2001::/23", "IETF protocol assignments"),
          range("2001:db8::/32", "documentation"),
          range("3fff::/20", "documentation"),
          range("5f00::/16", "segment routing"),
          range("fc00::/7", "private (unique local)"),
          range("fe80::/10", "link-local"),
          range("fec0::/10", "site-local"),
          range("ff00::/8", "multicast"));

  private static final SsrfGuard.Cidr GLOBAL_UNICAST = SsrfGuard.Cidr.parse("2000::/3");
  private static final SsrfGuard.Cidr NAT64 = SsrfGuard.Cidr.parse("64:ff9b::/96");
  private static final SsrfGuard.Cidr SIX_TO_FOUR = SsrfGuard.Cidr.parse("2002::/16");

  private SpecialRanges() {}

  /** Why this IPv4 address (4 bytes) is refused, or null. */
  static String ipv4(byte[] a) {
    for (Range r : IPV4) {
      if (r.cidr.matches(a)) {
        return r.reason;
      }
    }
    return null;
  }

  /** Why this IPv6 address (16 bytes) is refused, or null. */
  static String ipv6(byte[] a) {
    if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
      return ipv4(Arrays.copyOfRange(a, 12, 16)); // IPv4-mapped: it is that IPv4 address
    }
    if (isZero(a, 0, 12) && !isZero(a, 12, 15)) {
      String why = ipv4(Arrays.copyOfRange(a, 12, 16));
      return why != null ? why : "IPv4-compatible";
    }
    if (isZero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff && isZero(a, 10, 12)) {
      String why = ipv4(Arrays.copyOfRange(a, 12, 16));
      return why != null ? why + " IPv4 in an IPv4-translated address" : "IPv4-translated";
    }
    if (NAT64.matches(a)) {
      String why = ipv4(Arrays.copyOfRange(a, 12, 16));
      return why == null ? null : why + " IPv4 in a NAT64 address";
    }
    if (SIX_TO_FOUR.matches(a)) {
      String why = ipv4(Arrays.copyOfRange(a, 2, 6));
      return why == null ? null : why + " IPv4 in a 6to4 address";
    }
    for (Range r : IPV6) {
      if (r.cidr.matches(a)) {
        return r.reason;
      }
    }
    return GLOBAL_UNICAST.matches(a) ? null : "reserved";
  }

  /** The IPv4 address a NAT64 or 6to4 address (16 bytes) carries, or null. */
  static InetAddress embeddedIpv4(byte[] a) {
    byte[] v4 =
        NAT64.matches(a)
            ? Arrays.copyOfRange(a, 12, 16)
            : SIX_TO_FOUR.matches(a) ? Arrays.copyOfRange(a, 2, 6) : null;
    try {
      return v4 == null ? null : InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static Range range(String cidr, String reason) {
    return new Range(SsrfGuard.Cidr.parse(cidr), reason);
  }
}
