-- Several collectors on one database (docs/collector.md, "Several collectors"): each collector
-- reads, once a second, what the others committed since its watermark (collector/live/PeerCommits).
-- These indexes keep that poll a range scan of the last seconds: hosts by last_seen (heartbeats and
-- inventory changes), actions by started_at (requested_at and finished_at are indexed already).
-- Alerts are read by updated_at through ix_alerts_updated, which boird's own V1 migration creates
-- (db/notifier): creating it here too would fail boird's migration, or this one where boird ran
-- first.
CREATE INDEX ix_hosts_last_seen ON hosts (last_seen);
CREATE INDEX ix_actions_started ON actions (started_at);
