package io.hookrelay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF rules as a plain class: address ranges, mapped forms, allow lists, URL parsing. */
class SsrfGuardTest {

  private final SsrfGuard strict = new SsrfGuard(false, List.of());

  private static InetAddress ip(String literal) {
    return IpLiteral.parse(literal);
  }

  /** An IPv6 address kept as IPv6 (InetAddress would turn ::ffff:a.b.c.d into plain IPv4). */
  private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1 | loopback",
        "127.255.255.254 | loopback",
        "::1 | loopback",
        "10.0.0.0 | private",
        "10.255.255.255 | private",
        "172.16.0.0 | private",
        "172.31.255.255 | private",
        "192.168.0.0 | private",
        "192.168.255.255 | private",
        "100.64.0.0 | shared (carrier-grade NAT)",
        "100.127.255.255 | shared (carrier-grade NAT)",
        "fc00:: | private (unique local)",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | private (unique local)",
        "169.254.169.254 | link-local",
        "169.254.0.1 | link-local",
        "fe80::1 | link-local",
        "febf::1 | link-local",
        "224.0.0.1 | multicast",
        "239.255.255.255 | multicast",
        "ff02::1 | multicast",
        "0.0.0.0 | unspecified",
        "0.1.2.3 | unspecified",
        ":: | unspecified",
        "240.0.0.1 | reserved",
        "255.255.255.255 | reserved",
        "::ffff:127.0.0.1 | loopback",
        "::ffff:10.0.0.1 | private",
        "::127.0.0.1 | loopback",
        "::10.1.1.1 | private",
        "192.0.0.1 | IETF protocol assignments",
        "192.0.0.170 | IETF protocol assignments",
        "192.0.0.255 | IETF protocol assignments",
        "192.0.2.1 | documentation",
        "198.51.100.7 | documentation",
        "203.0.113.10 | documentation",
        "198.18.0.0 | benchmarking",
        "198.19.255.255 | benchmarking",
        "192.88.99.1 | 6to4 relay anycast",
        "64:ff9b:1::1 | local-use IPv4/IPv6 translation",
        "100::1 | discard-only",
        "2001::1 | IETF protocol assignments",
        "2001:2::1 | IETF protocol assignments",
        "2001:1ff:ffff::1 | IETF protocol assignments",
        "2001:db8::1 | documentation",
        "3fff::1 | documentation",
        "5f00::1 | segment routing",
        "fec0::1 | site-local",
        "feff::1 | site-local",
        "fbff::1 | reserved",
        "4000::1 | reserved",
        "1fff:ffff::1 | reserved",
        "::1:2:3:4:5 | reserved"
      })
  @DisplayName("Every refused range is refused, with its name as the reason")
  void refusedRanges(String literal, String reason) {
    assertThat(strict.refusal(ip(literal))).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "9.255.255.255",
        "11.0.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.167.255.255",
        "192.169.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "169.253.255.255",
        "223.255.255.255",
        "191.255.255.255",
        "192.0.1.0",
        "192.0.3.0",
        "192.31.196.1",
        "192.175.48.1",
        "198.17.255.255",
        "198.20.0.0",
        "198.51.99.255",
        "198.51.101.0",
        "203.0.112.255",
        "203.0.114.0",
        "2606:4700:4700::1111",
        "2000::1",
        "2001:200::1",
        "2001:db7:ffff::1",
        "2001:db9::1",
        "2620:4f:8000::1",
        "3ffe::1",
        "3fff:1000::1",
        "64:ff9b::808:808",
        "64:ff9b::1.1.1.1",
        "2002:808:808::1",
        "2002:101:101::"
      })
  @DisplayName("Addresses just outside every refused range are allowed")
  void publicAllowed(String literal) {
    assertThat(strict.refusal(ip(literal))).isNull();
  }

  @Test
  @DisplayName("IPv4-mapped IPv6 addresses are judged by the IPv4 address inside them")
  void mappedForms() throws Exception {
    assertThat(mapped(127, 0, 0, 1)).isInstanceOf(Inet6Address.class);
    assertThat(strict.refusal(mapped(127, 0, 0, 1))).isEqualTo("loopback");
    assertThat(strict.refusal(mapped(10, 0, 0, 1))).isEqualTo("private");
    assertThat(strict.refusal(mapped(169, 254, 169, 254))).isEqualTo("link-local");
    assertThat(strict.refusal(mapped(100, 64, 0, 1))).isEqualTo("shared (carrier-grade NAT)");
    assertThat(strict.refusal(mapped(0, 0, 0, 0))).isEqualTo("unspecified");
    assertThat(strict.refusal(mapped(224, 0, 0, 1))).isEqualTo("multicast");
    assertThat(strict.refusal(mapped(198, 18, 0, 1))).isEqualTo("benchmarking");
    assertThat(strict.refusal(mapped(8, 8, 8, 8))).isNull();
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "64:ff9b::7f00:1 | loopback IPv4 in a NAT64 address",
        "64:ff9b::10.0.0.1 | private IPv4 in a NAT64 address",
        "64:ff9b::169.254.169.254 | link-local IPv4 in a NAT64 address",
        "64:ff9b::c612:1 | benchmarking IPv4 in a NAT64 address",
        "2002:a00:1::1 | private IPv4 in a 6to4 address",
        "2002:7f00:1:: | loopback IPv4 in a 6to4 address",
        "2002:c0a8:101:5::1 | private IPv4 in a 6to4 address",
        "2002:a9fe:a9fe:: | link-local IPv4 in a 6to4 address",
        "::ffff:0:7f00:1 | loopback IPv4 in an IPv4-translated address",
        "::ffff:0:808:808 | IPv4-translated",
        "::8.8.8.8 | IPv4-compatible"
      })
  @DisplayName(
      "IPv6 forms that embed an IPv4 address are judged by it (NAT64, 6to4) or refused outright")
  void embeddedIpv4(String literal, String reason) {
    assertThat(strict.refusal(ip(literal))).isEqualTo(reason);
  }

  @Test
  @DisplayName(
      "A refused literal names its own class; a refused name never says what it resolves to")
  void messagesAreNoDnsOracle() {
    assertThatThrownBy(() -> strict.checkAddresses("10.1.2.3", List.of(ip("10.1.2.3"))))
        .isInstanceOf(SsrfException.class)
        .hasMessage("10.1.2.3 is a non-public address (private)");
    assertThatThrownBy(() -> strict.checkAddresses("2002:a00:1::1", List.of(ip("2002:a00:1::1"))))
        .hasMessage("2002:a00:1::1 is a non-public address (private IPv4 in a 6to4 address)");
    for (String internal : List.of("10.1.2.3", "127.0.0.1", "169.254.169.254", "fd00::1")) {
      assertThatThrownBy(() -> strict.checkAddresses("intranet.example", List.of(ip(internal))))
          .isInstanceOf(SsrfException.class)
          .hasMessage("resolves to a non-public address")
          .message()
          .doesNotContain(internal);
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2130706433 | 127.0.0.1",
        "127.1 | 127.0.0.1",
        "10.1 | 10.0.0.1",
        "192.168.257 | 192.168.1.1",
        "0 | 0.0.0.0",
        "4294967295 | 255.255.255.255"
      })
  @DisplayName("Digits-and-dots hosts are IPv4 literals in their short forms, parsed without DNS")
  void shortIpv4Forms(String host, String address) {
    assertThat(IpLiteral.isLiteral(host)).isTrue();
    assertThat(IpLiteral.parse(host)).isEqualTo(ip(address));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"4294967296", "256.1.1.1", "1.2.3.4.5", "1..2", "1.2.65536", ":::::", "1::2::3"})
  @DisplayName("Malformed IP literals are refused as such, never looked up in DNS")
  void malformedLiterals(String host) {
    assertThat(IpLiteral.isLiteral(host)).isTrue();
    assertThatThrownBy(() -> IpLiteral.parse(host))
        .isInstanceOf(SsrfException.class)
        .hasMessage("is not a valid IP address");
  }

  @Test
  @DisplayName("With allowPrivateNetworks every address is allowed")
  void allowPrivateNetworks() {
    SsrfGuard open = new SsrfGuard(true, List.of());

    for (String literal :
        List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0")) {
      assertThat(open.refusal(ip(literal))).as(literal).isNull();
    }
    assertThatCode(() -> open.checkAddresses("anything", List.of(ip("127.0.0.1"))))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("A CIDR on the allow list allows exactly the addresses inside it, IPv4 and IPv6")
  void cidrAllowList() throws Exception {
    SsrfGuard guard =
        new SsrfGuard(false, List.of("10.0.0.0/9", "192.168.1.5", "fd00:1::/32", "127.0.0.0/8"));

    assertThat(guard.refusal(ip("10.0.0.1"))).isNull();
    assertThat(guard.refusal(ip("10.127.255.255"))).isNull();
    assertThat(guard.refusal(ip("10.128.0.0"))).isEqualTo("private");
    assertThat(guard.refusal(ip("192.168.1.5"))).isNull();
    assertThat(guard.refusal(ip("192.168.1.6"))).isEqualTo("private");
    assertThat(guard.refusal(ip("fd00:1:ffff::1"))).isNull();
    assertThat(guard.refusal(ip("fd00:2::1"))).isEqualTo("private (unique local)");
    assertThat(guard.refusal(ip("127.0.0.1"))).isNull();
    assertThat(guard.refusal(ip("::1"))).isEqualTo("loopback");
    assertThat(guard.refusal(mapped(10, 1, 2, 3))).isNull();
    assertThat(guard.refusal(ip("169.254.169.254"))).isEqualTo("link-local");
  }

  @Test
  @DisplayName(
      "A host name on the allow list is allowed whatever it resolves to, case-insensitively; others are checked")
  void hostAllowList() {
    SsrfGuard guard = new SsrfGuard(false, List.of("Internal.Example"));

    assertThat(guard.hostAllowed("internal.example")).isTrue();
    assertThat(guard.hostAllowed("INTERNAL.EXAMPLE")).isTrue();
    assertThat(guard.hostAllowed("other.example")).isFalse();
    assertThatCode(() -> guard.checkAddresses("internal.example", List.of(ip("10.0.0.1"))))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.checkAddresses("other.example", List.of(ip("10.0.0.1"))))
        .isInstanceOf(SsrfException.class)
        .hasMessage("resolves to a non-public address");
  }

  @Test
  @DisplayName(
      "checkAddresses refuses a host when any one of its addresses is refused, and one with none")
  void checkAddresses() {
    assertThatCode(
            () ->
                strict.checkAddresses(
                    "ok.example", List.of(ip("8.8.8.8"), ip("2606:4700:4700::1111"))))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> strict.checkAddresses("mixed.example", List.of(ip("8.8.8.8"), ip("127.0.0.1"))))
        .isInstanceOf(SsrfException.class)
        .hasMessage("resolves to a non-public address");
    assertThatThrownBy(() -> strict.checkAddresses("nowhere.example", List.of()))
        .isInstanceOf(SsrfException.class)
        .hasMessageContaining("does not resolve");
  }

  @Test
  @DisplayName(
      "parse() splits a URL into scheme, host, port and path, with default ports and lower-case host")
  void parse() {
    assertThat(strict.parse("http://Example.COM/a/b?c=d&e=f"))
        .isEqualTo(new SsrfGuard.Target("http", "example.com", 80, "/a/b?c=d&e=f"));
    assertThat(strict.parse("HTTPS://203.0.113.10"))
        .isEqualTo(new SsrfGuard.Target("https", "203.0.113.10", 443, "/"));
    assertThat(strict.parse("https://203.0.113.10:8443/x"))
        .isEqualTo(new SsrfGuard.Target("https", "203.0.113.10", 8443, "/x"));
    assertThat(strict.parse("http://[2001:DB8::1]:8080/p"))
        .isEqualTo(new SsrfGuard.Target("http", "2001:db8::1", 8080, "/p"));
    assertThat(strict.parse("https://h.example/%20x?q=%41"))
        .isEqualTo(new SsrfGuard.Target("https", "h.example", 443, "/%20x?q=%41"));
    assertThat(strict.parse("https://h.example").https()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://203.0.113.10/          | http or https",
        "file:///etc/passwd           | http or https",
        "gopher://203.0.113.10/       | http or https",
        "/relative                    | http or https",
        "javascript:alert(1)          | http or https",
        "http:///no-host              | host",
        "http://user:pw@203.0.113.10/ | credentials",
        "http://203.0.113.10/a b      | not a valid URL"
      })
  @DisplayName("parse() refuses URLs that are not absolute http(s) with a host and no credentials")
  void parseRefuses(String url, String reason) {
    assertThatThrownBy(() -> strict.parse(url))
        .isInstanceOf(SsrfException.class)
        .hasMessageContaining(reason);
  }
}
