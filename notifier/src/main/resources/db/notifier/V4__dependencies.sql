-- Dependencies (docs/notifier.md, "Dependencies"): the last time an alert was held back because a
-- parent fired — which parent (alert id), under which rule (host_down or [dependency NAME]), from
-- when, and until when (NULL while it still is). The parent's mail lists the alerts it holds back
-- now; boird explain tells the story afterwards. One column per statement, the form both
-- MySQL/MariaDB and H2 accept.
ALTER TABLE notify_alerts ADD COLUMN suppressed_by BIGINT;
ALTER TABLE notify_alerts ADD COLUMN suppressed_rule VARCHAR(255);
ALTER TABLE notify_alerts ADD COLUMN suppressed_since BIGINT;
ALTER TABLE notify_alerts ADD COLUMN suppressed_until BIGINT;
CREATE INDEX ix_notify_alerts_parent ON notify_alerts (suppressed_by, suppressed_until);
