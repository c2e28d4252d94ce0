package io.hookrelay.security;

/** A URL or address the SSRF rules refuse; the message reads after "url " ("resolves to …"). */
public final class SsrfException extends RuntimeException {
  public SsrfException(String reason) {
    super(reason, null, false, false);
  }
}
