-- The log view (docs/api.md, "Log view"; docs/collector.md): lines agents forward from
-- [logfile:*] sections and the WARN/ERROR lines of the daemons' own logs. Owned by pihealthd.
-- level is info | warning | error; source a logfile section's name or boagent / pihealthd / boird.
CREATE TABLE log_lines (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  host          VARCHAR(255)  NOT NULL,
  source        VARCHAR(64)   NOT NULL,
  level         VARCHAR(8)    NOT NULL,
  ts            BIGINT        NOT NULL,
  received_at   BIGINT        NOT NULL,
  line          VARCHAR(8192) NOT NULL
) ${table_options};
CREATE INDEX ix_log_lines_ts ON log_lines (ts);
CREATE INDEX ix_log_lines_host_ts ON log_lines (host, ts);
CREATE INDEX ix_log_lines_received ON log_lines (received_at);

-- batch_id of every POST /api/v1/logs taken, so a resend is stored once.
CREATE TABLE log_batches (
  batch_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
  host          VARCHAR(255)  NOT NULL,
  received_at   BIGINT        NOT NULL
) ${table_options};
CREATE INDEX ix_log_batches_received ON log_batches (received_at);
