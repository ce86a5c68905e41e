-- Maintenance windows created through the API (docs/api.md, "Maintenance windows";
-- docs/notifier.md, "Maintenance windows"). Owned by pihealthd; boird reads it and holds back the
-- notifications of the alerts a window matches while it is active. A row is either recurring
-- (every + timezone, as written in the escalation file: "Sun 02:00-04:00", "Asia/Shanghai") or a
-- one-off (starts_at, ends_at in epoch ms). match_terms is the policy syntax ("host=db*"),
-- comma-separated. Rows are never updated: DELETE sets deleted_at. The widths are twice the API's
-- limits (validation enforces those) because H2 counts UTF-16 units, MySQL characters.
CREATE TABLE maintenance (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(128)  NOT NULL,
  match_terms   VARCHAR(2048) NOT NULL,
  every         VARCHAR(64),
  timezone      VARCHAR(64)   NOT NULL,
  starts_at     BIGINT,
  ends_at       BIGINT,
  comment       VARCHAR(2048) NOT NULL,
  created_by    VARCHAR(256),
  created_at    BIGINT        NOT NULL,
  deleted_at    BIGINT
) ${table_options};
