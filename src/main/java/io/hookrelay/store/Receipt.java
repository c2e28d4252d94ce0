package io.hookrelay.store;

/**
 * What a producer is told about an accepted event; {@code replayed} when its id was seen before.
 */
public record Receipt(String eventCuid, int deliveries, boolean replayed) {}
