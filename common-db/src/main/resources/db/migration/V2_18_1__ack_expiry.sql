-- Ack expiry (docs/notifier.md, "Ack expiry"). Owned by pihealthd: the ack writes ack_expires_at;
-- the holder of the watch lease turns an acked alert whose ack_expires_at passed into a firing
-- one, counting the expiry in ack_expiries and its time in ack_expired_at. boird only reads them:
-- each expiry starts a new escalation sequence whose delays count from ack_expired_at.
ALTER TABLE alerts ADD COLUMN ack_expires_at BIGINT;
ALTER TABLE alerts ADD COLUMN ack_expiries INT DEFAULT 0 NOT NULL;
ALTER TABLE alerts ADD COLUMN ack_expired_at BIGINT;
