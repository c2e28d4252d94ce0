package io.hookrelay.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Webhook signing secrets made by the server: {@code whsec_} + standard base64 of 24 random bytes
 * (Standard Webhooks' form; receivers key their HMAC with the decoded bytes).
 */
public final class Secrets {

  public static final String PREFIX = "whsec_";
  public static final int RANDOM_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  public static String newSecret() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }
}
