package io.hookrelay.store;

/** A page of the delivery log; null filters match everything. */
public record AttemptQuery(
    String tenantCuid, String webhookCuid, String status, String event, int limit, int offset) {}
