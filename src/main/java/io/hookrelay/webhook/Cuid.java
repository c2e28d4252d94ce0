package io.hookrelay.webhook;

import java.security.SecureRandom;

/**
 * Ids: 25 lowercase letters and digits, starting with {@code c}, drawn from {@link SecureRandom}.
 */
public final class Cuid {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /**
   * One DRBG per thread, seeded from the system: the default NativePRNG funnels every thread
   * through one lock, which the delivery hot path (a cuid per delivery and per attempt) feels.
   */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Cuid::drbg);

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  public static final int LENGTH = 25;

  private Cuid() {}

  public static String next() {
    char[] out = new char[LENGTH];
    out[0] = 'c';
    byte[] bytes = new byte[LENGTH - 1];
    RANDOM.get().nextBytes(bytes);
    for (int i = 1; i < LENGTH; i++) {
      out[i] = ALPHABET[(bytes[i - 1] & 0xff) % ALPHABET.length];
    }
    return new String(out);
  }
}
