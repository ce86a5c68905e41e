-- H2 only. The API limits text in characters (Unicode code points: a 512-character summary), and
-- MySQL/MariaDB utf8mb4 columns count the same; H2's VARCHAR(n) counts UTF-16 units, in which
-- a character outside the Basic Multilingual Plane (most emoji) takes two. Doubling every column the
-- API limits by characters lets every valid value fit; validation still enforces the real limit.
ALTER TABLE hosts ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE hosts ALTER COLUMN agent_version SET DATA TYPE VARCHAR(128);

ALTER TABLE alerts ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE alerts ALTER COLUMN resource SET DATA TYPE VARCHAR(64);
ALTER TABLE alerts ALTER COLUMN instance SET DATA TYPE VARCHAR(510);
ALTER TABLE alerts ALTER COLUMN `check` SET DATA TYPE VARCHAR(128);
ALTER TABLE alerts ALTER COLUMN summary SET DATA TYPE VARCHAR(1024);
ALTER TABLE alerts ALTER COLUMN acked_by SET DATA TYPE VARCHAR(256);
ALTER TABLE alerts ALTER COLUMN ack_comment SET DATA TYPE VARCHAR(2048);

ALTER TABLE alert_events ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE alert_events ALTER COLUMN resource SET DATA TYPE VARCHAR(64);
ALTER TABLE alert_events ALTER COLUMN instance SET DATA TYPE VARCHAR(510);
ALTER TABLE alert_events ALTER COLUMN `check` SET DATA TYPE VARCHAR(128);
ALTER TABLE alert_events ALTER COLUMN summary SET DATA TYPE VARCHAR(1024);

ALTER TABLE samples ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE metric_batches ALTER COLUMN host SET DATA TYPE VARCHAR(510);

ALTER TABLE silences ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE silences ALTER COLUMN resource SET DATA TYPE VARCHAR(64);
ALTER TABLE silences ALTER COLUMN `check` SET DATA TYPE VARCHAR(128);
ALTER TABLE silences ALTER COLUMN comment SET DATA TYPE VARCHAR(2048);
ALTER TABLE silences ALTER COLUMN created_by SET DATA TYPE VARCHAR(256);
