-- Several collectors on one database (docs/collector.md, "Several collectors"). Owned by pihealthd
-- (collector/ingest Leadership, through store/LeaseSql).
-- One row per duty that must run on one collector at a time; today only 'watch' (host_down,
-- split_brain, retention). The holder renews expires_at every second; a collector takes the row
-- over when it finds expires_at passed, raising term by one. Every write of the watch checks, in
-- its own transaction, that the row still names its holder and term (fencing), so a leader that
-- lost the lease without knowing it writes nothing. renewed_at says when the duty last ran.
CREATE TABLE leases (
  name          VARCHAR(32)   NOT NULL PRIMARY KEY,
  holder        VARCHAR(255)  NOT NULL,
  term          BIGINT        NOT NULL,
  expires_at    BIGINT        NOT NULL,
  renewed_at    BIGINT        NOT NULL
) ${table_options};

-- The VIPs a host's keepalived holds, from its latest heartbeat: the leader's split-brain rule
-- reads them from here, whichever collector the heartbeat reached. NULL when it holds none.
ALTER TABLE hosts ADD COLUMN vips TEXT;
