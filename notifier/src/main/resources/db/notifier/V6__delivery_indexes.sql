-- Indexes for the questions a storm asks many times a second (docs/notifier.md, "Benchmark").
-- Which recipients have due rows: the pending rows grouped by recipient, answered from this index
-- alone (scope included, so no row is read), in recipient order for the grouping.
CREATE INDEX ix_notifications_pending ON notifications (status, channel, target, due_at, scope);
-- Which of a message's alerts hold children back now: the open episodes only, not every alert ever
-- held back (suppressed_until is also NULL for alerts never held back, hence the second column).
CREATE INDEX ix_notify_alerts_open_parent ON notify_alerts (suppressed_until, suppressed_by);
