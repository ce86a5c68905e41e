-- The notifier's own bookkeeping (boird), migrated by boird with its own Flyway history table
-- (boird_schema_history) after the shared schema. The collector never writes these tables.

-- Every escalation event the notifier decided on: a step, a repeat round or a recovery notice,
-- per severity epoch (the rank the step sequence started at; a rise in severity opens a new epoch).
-- The unique key is what makes planning idempotent when several boird share the database: the
-- second instance's INSERT IGNORE finds the row and plans nothing. token tells the writer which
-- rows its own statement inserted (a batched INSERT IGNORE does not say).
CREATE TABLE notify_plan (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id      BIGINT       NOT NULL,
  epoch         INT          NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  step          INT          NOT NULL,
  round         INT          NOT NULL,
  policy        VARCHAR(128) NOT NULL,
  reason        VARCHAR(32)  NOT NULL,
  due_at        BIGINT       NOT NULL,
  planned_at    BIGINT       NOT NULL,
  planned_by    VARCHAR(128) NOT NULL,
  token         BIGINT       NOT NULL
) ${table_options};
CREATE UNIQUE INDEX ux_notify_plan ON notify_plan (alert_id, epoch, kind, step, round);

-- Per alert: the alerts.updated_at, state and severity last evaluated (two changes within one
-- millisecond still differ in state or severity) and when the alert next needs a look (a step
-- delay or repeat running out, a silence ending). NULL = nothing to do until the alert changes.
CREATE TABLE notify_alerts (
  alert_id      BIGINT       NOT NULL PRIMARY KEY,
  seen_updated  BIGINT       NOT NULL,
  seen_sig      VARCHAR(40)  NOT NULL,
  next_check_at BIGINT
) ${table_options};
CREATE INDEX ix_notify_alerts_next ON notify_alerts (next_check_at);

-- One row per recipient (channel + target). Delivery to a recipient is claimed here with a lease
-- (claimed_by, claim_until), so one instance at a time talks to it, a dead instance's claim runs
-- out, and group_wait pacing (next_send_at) holds across instances.
CREATE TABLE notify_targets (
  channel       VARCHAR(32)  NOT NULL,
  target        VARCHAR(255) NOT NULL,
  claimed_by    VARCHAR(128),
  claim_until   BIGINT,
  last_sent_at  BIGINT,
  next_send_at  BIGINT,
  PRIMARY KEY (channel, target)
) ${table_options};

-- Ledger rows the notifier writes carry their escalation event and the scope of the instance that
-- planned them (its resource selectors), so a notifier for one team never delivers another's.
-- Rows the collector inserts (test mail: alert_id 0) leave them NULL.
ALTER TABLE notifications ADD COLUMN plan_id BIGINT;
ALTER TABLE notifications ADD COLUMN kind VARCHAR(16);
ALTER TABLE notifications ADD COLUMN scope VARCHAR(128);
ALTER TABLE notifications ADD COLUMN group_wait_ms BIGINT;
CREATE INDEX ix_notifications_target ON notifications (channel, target, status);

-- The notifier finds changed alerts by updated_at, which the collector bumps on every change.
CREATE INDEX ix_alerts_updated ON alerts (updated_at);
