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
        "::10.1.1.1 | private"
      })
  @DisplayName("Every refused range is refused, with its name as the reason")
  void refusedRanges(String literal, String reason) {
    assertThat(strict.refusal(ip(literal))).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "203.0.113.10",
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
        "2606:4700:4700::1111",
        "2001:db8::1",
        "fbff::1",
        "fec0::1"
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
    assertThat(strict.refusal(mapped(203, 0, 113, 10))).isNull();
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
        .hasMessage("resolves to 10.0.0.1, a private address");
  }

  @Test
  @DisplayName(
      "checkAddresses refuses a host when any one of its addresses is refused, and one with none")
  void checkAddresses() {
    assertThatCode(
            () ->
                strict.checkAddresses("ok.example", List.of(ip("203.0.113.1"), ip("2001:db8::1"))))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                strict.checkAddresses("mixed.example", List.of(ip("203.0.113.1"), ip("127.0.0.1"))))
        .isInstanceOf(SsrfException.class)
        .hasMessage("resolves to 127.0.0.1, a loopback address");
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
