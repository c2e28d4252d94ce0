package io.hookrelay.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the signature headers of one delivery (API.md, "What a receiver gets").
 *
 * <ul>
 *   <li>{@code X-Authorization-HMAC-256}: {@link #hmacHex} — lowercase hex HMAC-SHA256 keyed by the
 *       secret's UTF-8 bytes over the exact body bytes.
 *   <li>{@code webhook-signature}: {@link #standardSignature} — Standard Webhooks, {@code v1,} +
 *       base64 HMAC-SHA256 over {@code id.timestamp.body}, keyed by the base64-decoded rest of a
 *       {@code whsec_} secret, else by the secret's UTF-8 bytes. A {@code whsec_} secret whose rest
 *       is not base64 (or is empty) is used as UTF-8 bytes whole, so any stored secret can sign.
 * </ul>
 *
 * <p>Runs for every delivery, so each thread keeps two keyed {@link Mac}s (one per header) and
 * re-keys one only when the secret differs from the last one it signed with. Arguments are checked
 * before a MAC is touched, so a bad call cannot leave half-fed state behind. Secrets must be
 * non-empty; a webhook without a secret gets neither header, which is the caller's decision.
 */
public final class Signer {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String WHSEC_PREFIX = "whsec_";
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_LENGTH = 32;
  private static final int BASE64_LENGTH = 44;

  private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(PerThread::new);

  private Signer() {}

  /** Lowercase hex HMAC-SHA256 of {@code body}, keyed by the UTF-8 bytes of {@code secret}. */
  public static String hmacHex(String secret, byte[] body) {
    Objects.requireNonNull(body, "body");
    PerThread state = STATE.get();
    Mac mac = state.hex.keyedWith(secret, false);
    mac.update(body);
    byte[] digest = state.finish(mac);
    byte[] hex = state.text;
    for (int i = 0; i < MAC_LENGTH; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex, 0, 2 * MAC_LENGTH, StandardCharsets.ISO_8859_1);
  }

  /**
   * The Standard Webhooks {@code webhook-signature} value: {@code v1,} + base64 HMAC-SHA256 over
   * {@code id + "." + timestampSeconds + "." + body}, the body bytes appended as they are.
   */
  public static String standardSignature(
      String secret, String id, long timestampSeconds, byte[] body) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    PerThread state = STATE.get();
    Mac mac = state.standard.keyedWith(secret, true);
    state.updatePrefix(mac, id, timestampSeconds);
    mac.update(body);
    byte[] digest = state.finish(mac);
    byte[] text = state.text;
    text[0] = 'v';
    text[1] = '1';
    text[2] = ',';
    Base64.getEncoder().encode(digest, state.base64);
    System.arraycopy(state.base64, 0, text, 3, BASE64_LENGTH);
    return new String(text, 0, 3 + BASE64_LENGTH, StandardCharsets.ISO_8859_1);
  }

  /** The key bytes the Standard Webhooks signature uses for {@code secret}. */
  static byte[] standardKey(String secret) {
    if (secret.startsWith(WHSEC_PREFIX)) {
      try {
        byte[] decoded = Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        if (decoded.length > 0) {
          return decoded;
        }
      } catch (IllegalArgumentException notBase64) {
        // fall through: sign with the secret as written
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** One thread's keyed MACs and scratch buffers. */
  private static final class PerThread {
    final KeyedMac hex = new KeyedMac();
    final KeyedMac standard = new KeyedMac();
    final byte[] digest = new byte[MAC_LENGTH];
    final byte[] text = new byte[2 * MAC_LENGTH];
    final byte[] base64 = new byte[BASE64_LENGTH];
    byte[] prefix = new byte[64];

    byte[] finish(Mac mac) {
      try {
        mac.doFinal(digest, 0);
        return digest;
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Feeds {@code id.timestamp.} to the MAC; cuids are ASCII, anything else is encoded. */
    void updatePrefix(Mac mac, String id, long timestampSeconds) {
      int length = id.length();
      if (prefix.length < length + 22) {
        prefix = new byte[length + 22];
      }
      for (int i = 0; i < length; i++) {
        char c = id.charAt(i);
        if (c >= 0x80) {
          mac.update(id.getBytes(StandardCharsets.UTF_8));
          length = 0;
          break;
        }
        prefix[i] = (byte) c;
      }
      int end = length;
      prefix[end++] = '.';
      end = writeDecimal(timestampSeconds, prefix, end);
      prefix[end++] = '.';
      mac.update(prefix, 0, end);
    }

    private static int writeDecimal(long value, byte[] out, int at) {
      if (value < 0) {
        out[at++] = '-';
      }
      int digits = 0;
      long rest = value;
      do {
        digits++;
        rest /= 10;
      } while (rest != 0);
      int end = at + digits;
      rest = value;
      for (int i = end - 1; i >= at; i--) {
        out[i] = (byte) ('0' + Math.abs(rest % 10));
        rest /= 10;
      }
      return end;
    }
  }

  /** A MAC remembering which secret it is keyed with, so repeated secrets skip re-keying. */
  private static final class KeyedMac {
    private final Mac mac;
    private String secret;

    KeyedMac() {
      try {
        mac = Mac.getInstance(ALGORITHM);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(ALGORITHM + " is not available", e);
      }
    }

    Mac keyedWith(String newSecret, boolean standard) {
      if (newSecret == null || newSecret.isEmpty()) {
        throw new IllegalArgumentException("a signing secret must not be empty");
      }
      if (!newSecret.equals(secret)) {
        byte[] key = standard ? standardKey(newSecret) : newSecret.getBytes(StandardCharsets.UTF_8);
        secret = null;
        try {
          mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot key " + ALGORITHM, e);
        }
        secret = newSecret;
      }
      return mac;
    }
  }
}
