-- Several collectors on one database (docs/collector.md, "Several collectors"): each collector
-- reads, once a second, what the others committed since its watermark (collector/live/PeerCommits).
-- These indexes keep that poll a range scan of the last seconds: alerts by updated_at, hosts by
-- last_seen (heartbeats and inventory changes), actions by started_at (requested_at and
-- finished_at are indexed already).
CREATE INDEX ix_alerts_updated ON alerts (updated_at);
CREATE INDEX ix_hosts_last_seen ON hosts (last_seen);
CREATE INDEX ix_actions_started ON actions (started_at);
