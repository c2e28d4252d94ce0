package io.hookrelay.webhook;

/** One entry of the event catalog. */
public record EventType(String event, String targetType, String description) {}
