-- W3C Trace Context (docs/API.md, "Tracing"). An event keeps the traceparent it came with, or the
-- one of the trace started when it was accepted; every delivery of the event sends a child of it.
-- Each attempt keeps the trace id it sent, for the delivery log. Both are null for rows written
-- before this version (their attempts send no traceparent).
ALTER TABLE events ADD COLUMN traceparent text;
ALTER TABLE attempts ADD COLUMN trace_id text;
