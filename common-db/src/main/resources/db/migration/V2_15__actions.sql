-- Controlled actions (docs/api.md, "Controlled actions"; docs/collector.md, "Controlled actions"):
-- one row per action a collector user, boird or an agent's schedule asked for. Owned by pihealthd
-- (collector/actions). open_key is the SHA-256 of host/resource/instance while the action is pending
-- or running and NULL once it is final, so at most one open action per service (the API's 409).
-- uuid names every action; for a scheduled one it is the agent's own id, so its first report
-- creates the row once. by_who is who asked ("boird", "schedule" or the --by of an admin); source
-- api | boird | schedule; alert_id the alert boird acted on; output the last 4096 characters of
-- the command's stdout and stderr.
CREATE TABLE actions (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uuid          CHAR(36) ${ascii} NOT NULL,
  open_key      CHAR(64) ${ascii},
  host          VARCHAR(255)  NOT NULL,
  resource      VARCHAR(32)   NOT NULL,
  instance      VARCHAR(255)  NOT NULL,
  action        VARCHAR(64)   NOT NULL,
  by_who        VARCHAR(64)   NOT NULL,
  comment       VARCHAR(512),
  state         VARCHAR(16)   NOT NULL,
  reason        VARCHAR(512),
  requested_at  BIGINT        NOT NULL,
  started_at    BIGINT,
  finished_at   BIGINT,
  exit_code     INT,
  output        TEXT,
  alert_id      BIGINT,
  source        VARCHAR(16)   NOT NULL
) ${table_options};
CREATE UNIQUE INDEX ux_actions_uuid ON actions (uuid);
CREATE UNIQUE INDEX ux_actions_open ON actions (open_key);
CREATE INDEX ix_actions_host ON actions (host, state);
CREATE INDEX ix_actions_state ON actions (state, requested_at);
CREATE INDEX ix_actions_finished ON actions (finished_at);
