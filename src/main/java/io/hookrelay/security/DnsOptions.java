package io.hookrelay.security;

import java.util.List;

/**
 * How webhook hosts are resolved: the DNS servers to ask ({@code ip} or {@code ip:port}, IPv6 as
 * {@code [ip]:port}; empty means the system's, from {@code /etc/resolv.conf}) and how long one
 * resolution may take before the host is refused for now.
 */
public record DnsOptions(List<String> servers, long timeoutMs) {

  public static final long DEFAULT_TIMEOUT_MS = 2000;
  public static final DnsOptions DEFAULT = new DnsOptions(List.of(), DEFAULT_TIMEOUT_MS);

  public DnsOptions {
    servers = List.copyOf(servers);
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("timeoutMs must be positive");
    }
  }
}
