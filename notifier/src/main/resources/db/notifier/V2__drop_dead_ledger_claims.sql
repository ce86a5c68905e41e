-- notifications.claimed_by and claim_until (from the shared V1) were never set: delivery is claimed
-- per recipient in notify_targets. boird owns notifications, so its history drops them. One column
-- per statement, the form both MySQL/MariaDB and H2 accept.
ALTER TABLE notifications DROP COLUMN claimed_by;
ALTER TABLE notifications DROP COLUMN claim_until;
