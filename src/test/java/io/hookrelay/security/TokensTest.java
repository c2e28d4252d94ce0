package io.hookrelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * API tokens: random, prefixed, stored as SHA-256, compared in constant time (both sides are hashed
 * and the fixed-length digests compared with MessageDigest.isEqual; timing itself is not measurable
 * reliably in a unit test, so the values are checked).
 */
class TokensTest {

  @Test
  @DisplayName("A new token is hr_ followed by at least 32 random bytes in URL-safe base64")
  void newToken() {
    String token = Tokens.newToken();

    assertThat(token).startsWith("hr_").matches("hr_[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(token.substring(3))).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  @DisplayName("Tokens do not repeat")
  void unique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Tokens.newToken())).isTrue();
    }
  }

  @Test
  @DisplayName("The stored form is the lowercase hex SHA-256 of the token's UTF-8 bytes")
  void hash() {
    assertThat(Tokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Tokens.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    String token = Tokens.newToken();
    assertThat(Tokens.hash(token))
        .hasSize(64)
        .isEqualTo(Tokens.hash(token))
        .doesNotContain(token.substring(3));
  }

  @Test
  @DisplayName("sameHash is true only for the hashes of equal tokens, whatever the tokens' lengths")
  void sameHash() {
    String token = Tokens.newToken();
    String hash = Tokens.hash(token);

    assertThat(Tokens.sameHash(hash, Tokens.hash(new String(token)))).isTrue();
    assertThat(Tokens.sameHash(hash, Tokens.hash(token + "x"))).isFalse();
    assertThat(Tokens.sameHash(hash, Tokens.hash(token.substring(0, token.length() - 1))))
        .isFalse();
    assertThat(Tokens.sameHash(hash, Tokens.hash(Tokens.newToken()))).isFalse();
    assertThat(
            Tokens.sameHash(
                Tokens.hash("hr_" + "a".repeat(43)), Tokens.hash("hr_b" + "a".repeat(42))))
        .isFalse();
    assertThat(Tokens.sameHash(Tokens.hash(""), Tokens.hash(""))).isTrue();
  }
}
