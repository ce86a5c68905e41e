-- Test mails (`botasky test-mail`, POST /api/v1/test-mail): pihealthd records the request here and
-- wakes boird; boird takes it by writing its own ledger row, the only row of notifications with
-- test_mail_id set. The unique index lets one boird take a request: a second instance's INSERT
-- IGNORE finds the row and takes nothing. A request nobody took before expires_at is never sent.
-- pihealthd writes test_mails, boird writes notifications (docs/architecture.md, "Who owns which
-- table"); the link lives in the shared schema because pihealthd reads it whichever daemon
-- started first.
CREATE TABLE test_mails (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  address       VARCHAR(255) NOT NULL,
  requested_at  BIGINT       NOT NULL,
  expires_at    BIGINT       NOT NULL
) ${table_options};
CREATE INDEX ix_test_mails_expires ON test_mails (expires_at);

ALTER TABLE notifications ADD COLUMN test_mail_id BIGINT;
CREATE UNIQUE INDEX ux_notifications_test_mail ON notifications (test_mail_id);
