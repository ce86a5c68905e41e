-- The escalation file's [maintenance NAME] windows (docs/notifier.md, "Maintenance windows"),
-- published by boird at start and on every reload so that pihealthd, which may run on another host
-- and does not read the escalation file, lists them with its own (GET /api/v1/maintenance) as
-- read-only. Owned by boird; the collector only reads it. One row per window; origin is file:line.
CREATE TABLE maintenance_file (
  name          VARCHAR(128)  NOT NULL PRIMARY KEY,
  match_terms   VARCHAR(2048) NOT NULL,
  every         VARCHAR(64)   NOT NULL,
  timezone      VARCHAR(64)   NOT NULL,
  comment       VARCHAR(2048) NOT NULL,
  origin        VARCHAR(1024) NOT NULL,
  published_by  VARCHAR(256)  NOT NULL,
  published_at  BIGINT        NOT NULL
) ${table_options};
