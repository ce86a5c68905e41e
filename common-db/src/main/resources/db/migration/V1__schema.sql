-- Botasky schema, shared by pihealthd (which writes alerts, samples, hosts) and boird (notifications).
-- Times are BIGINT epoch milliseconds: portable across MySQL, MariaDB and H2, and Connector/J
-- silently drops fractions of DATETIME(3) on MariaDB. ${table_options} and ${ascii} (hex and UUID keys
-- stored one byte a character) are set per engine.

CREATE TABLE hosts (
  host          VARCHAR(255) NOT NULL PRIMARY KEY,
  first_seen    BIGINT       NOT NULL,
  last_seen     BIGINT       NOT NULL,
  agent_version VARCHAR(64),
  address       VARCHAR(64),
  sysinfo       TEXT
) ${table_options};

-- One row per alert. open_key is the SHA-256 of the fingerprint host/resource/instance/check while
-- the alert is firing or acked and NULL once resolved, so at most one open alert per fingerprint.
CREATE TABLE alerts (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  open_key      CHAR(64) ${ascii},
  host          VARCHAR(255) NOT NULL,
  resource      VARCHAR(32)  NOT NULL,
  instance      VARCHAR(255) NOT NULL,
  `check`       VARCHAR(64)  NOT NULL,
  severity      VARCHAR(16)  NOT NULL,
  state         VARCHAR(16)  NOT NULL,
  summary       VARCHAR(512) NOT NULL,
  `value`       DOUBLE,
  threshold     DOUBLE,
  details       TEXT,
  first_seen    BIGINT       NOT NULL,
  last_seen     BIGINT       NOT NULL,
  occurrences   INT          NOT NULL,
  acked_by      VARCHAR(128),
  acked_at      BIGINT,
  ack_comment   VARCHAR(1024),
  resolved_at   BIGINT,
  updated_at    BIGINT       NOT NULL
) ${table_options};
CREATE UNIQUE INDEX ux_alerts_open ON alerts (open_key);
-- (state, id), not (state, last_seen): last_seen changes on every refresh and would move the entry.
CREATE INDEX ix_alerts_state ON alerts (state, id);
CREATE INDEX ix_alerts_host ON alerts (host, state);
CREATE INDEX ix_alerts_resolved ON alerts (resolved_at);

-- Every event an agent (or the collector itself) sent, once: event_id is unique.
CREATE TABLE alert_events (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id      CHAR(36) ${ascii} NOT NULL,
  alert_id      BIGINT,
  host          VARCHAR(255) NOT NULL,
  resource      VARCHAR(32)  NOT NULL,
  instance      VARCHAR(255) NOT NULL,
  `check`       VARCHAR(64)  NOT NULL,
  state         VARCHAR(16)  NOT NULL,
  severity      VARCHAR(16)  NOT NULL,
  `value`       DOUBLE,
  threshold     DOUBLE,
  summary       VARCHAR(512) NOT NULL,
  details       TEXT,
  observed_at   BIGINT       NOT NULL,
  received_at   BIGINT       NOT NULL
) ${table_options};
CREATE UNIQUE INDEX ux_alert_events_event_id ON alert_events (event_id);
CREATE INDEX ix_alert_events_alert ON alert_events (alert_id);

CREATE TABLE samples (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  host          VARCHAR(255) NOT NULL,
  metric        VARCHAR(128) NOT NULL,
  ts            BIGINT       NOT NULL,
  `value`       DOUBLE       NOT NULL,
  labels        VARCHAR(2048)
) ${table_options};
CREATE INDEX ix_samples_series ON samples (host, metric, ts);

-- batch_id of every metrics batch taken, so a resend is stored once.
CREATE TABLE metric_batches (
  batch_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
  host          VARCHAR(255) NOT NULL,
  samples       INT          NOT NULL,
  received_at   BIGINT       NOT NULL
) ${table_options};
CREATE INDEX ix_metric_batches_received ON metric_batches (received_at);

-- host may end in * (a prefix match); resource and check NULL mean any.
CREATE TABLE silences (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  host          VARCHAR(255) NOT NULL,
  resource      VARCHAR(32),
  `check`       VARCHAR(64),
  starts_at     BIGINT       NOT NULL,
  ends_at       BIGINT       NOT NULL,
  comment       VARCHAR(1024) NOT NULL,
  created_by    VARCHAR(128),
  created_at    BIGINT       NOT NULL,
  deleted_at    BIGINT
) ${table_options};
CREATE INDEX ix_silences_ends ON silences (ends_at);

-- The notifier's ledger: one row per attempt to notify.
CREATE TABLE notifications (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id      BIGINT       NOT NULL,
  step          INT          NOT NULL,
  channel       VARCHAR(32)  NOT NULL,
  target        VARCHAR(255) NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  attempts      INT          NOT NULL,
  last_error    VARCHAR(1024),
  created_at    BIGINT       NOT NULL,
  due_at        BIGINT       NOT NULL,
  sent_at       BIGINT,
  claimed_by    VARCHAR(128),
  claim_until   BIGINT
) ${table_options};
CREATE INDEX ix_notifications_alert ON notifications (alert_id);
CREATE INDEX ix_notifications_status ON notifications (status, due_at);

-- Liveness of the daemons that share this database (boird instances), for `botasky status`.
CREATE TABLE daemon_heartbeats (
  name          VARCHAR(128) NOT NULL PRIMARY KEY,
  role          VARCHAR(16)  NOT NULL,
  version       VARCHAR(32),
  started_at    BIGINT       NOT NULL,
  last_seen     BIGINT       NOT NULL
) ${table_options};
