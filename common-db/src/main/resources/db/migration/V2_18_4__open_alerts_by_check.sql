-- The open alerts of one kind: every host down (the collector's host watch, each second, and boird's
-- dependencies, each planner pass), every split brain. Without it both read every open alert through
-- ux_alerts_open and filtered: 100,000 rows a second in a storm (docs/notifier.md, "Benchmark").
CREATE INDEX ix_alerts_open_check ON alerts (resource, `check`, open_key);
