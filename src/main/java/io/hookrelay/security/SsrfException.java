package io.hookrelay.security;

/**
 * A URL or address the SSRF rules refuse; the message reads after "url " ("resolves to …"). A
 * refusal that says nothing lasting about the host (a DNS timeout) is not {@link #lasting()}: it
 * must not be remembered.
 */
public final class SsrfException extends RuntimeException {

  private final boolean lasting;

  public SsrfException(String reason) {
    this(reason, true);
  }

  private SsrfException(String reason, boolean lasting) {
    super(reason, null, false, false);
    this.lasting = lasting;
  }

  /** A refusal for now only: the host could not be checked in time. */
  public static SsrfException forNow(String reason) {
    return new SsrfException(reason, false);
  }

  public boolean lasting() {
    return lasting;
  }
}
