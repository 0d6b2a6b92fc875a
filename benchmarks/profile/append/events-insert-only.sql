\set r random(1, 2000000000)
\set q random(1, 2000000000)
INSERT INTO cqrs_events (stream_id, stream_version, message_id, event_type, payload, correlation_id, causation_id, tenant, principal, headers, occurred_at) VALUES ('Cart:' || :r || '-' || :q, 1, :id::uuid, :type, :payload::jsonb, :cor::uuid, NULL::uuid, NULL, NULL, :hdr::jsonb, :o::timestamptz) RETURNING position;
