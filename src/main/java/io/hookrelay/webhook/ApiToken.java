package io.hookrelay.webhook;

import java.time.Instant;

/**
 * A tenant's API token as stored: never the token itself, only its SHA-256 {@code hash}, and its
 * first characters ({@code prefix}, e.g. {@code hr_AbC1}) so that a person can tell tokens apart.
 * {@code prefix} is null for tokens minted before prefixes were kept; {@code lastUsedAt} is null
 * until the token is first used, and is recorded at most about once a minute.
 */
public record ApiToken(
    String cuid,
    String tenantCuid,
    String hash,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt) {

  /** How many characters of a token its prefix keeps: {@code hr_} and four more. */
  public static final int PREFIX_LENGTH = 7;

  public static String prefixOf(String token) {
    return token.substring(0, Math.min(PREFIX_LENGTH, token.length()));
  }

  @Override
  public String toString() {
    return "ApiToken[" + cuid + " of " + tenantCuid + " " + prefix + "…]";
  }
}
