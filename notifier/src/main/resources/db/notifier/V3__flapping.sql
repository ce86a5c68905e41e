-- Flap episodes (docs/notifier.md, "Flapping"): one row per fingerprint host/resource/instance/check
-- while it is flapping, written and deleted by boird's planner. fp_key is the SHA-256 of the
-- fingerprint, as alerts.open_key, so two boird detecting the same episode collide on the primary
-- key and the second one's decisions are retried (and then find the episode). The collector reads
-- the table for "flapping" in /api/v1/alerts; it never writes it.
CREATE TABLE notify_flapping (
  fp_key        CHAR(64)     NOT NULL PRIMARY KEY,
  host          VARCHAR(255) NOT NULL,
  resource      VARCHAR(32)  NOT NULL,
  instance      VARCHAR(255) NOT NULL,
  `check`       VARCHAR(64)  NOT NULL,
  since         BIGINT       NOT NULL,
  alert_id      BIGINT       NOT NULL,
  notified      INT          NOT NULL,
  window_ms     BIGINT       NOT NULL
) ${table_options};
