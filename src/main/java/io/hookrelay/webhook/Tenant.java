package io.hookrelay.webhook;

import java.time.Instant;

public record Tenant(String cuid, String name, boolean webhooksEnabled, Instant createdAt) {

  public Tenant withWebhooksEnabled(boolean enabled) {
    return new Tenant(cuid, name, enabled, createdAt);
  }
}
