-- The service inventory (docs/api.md, "Service inventory"; docs/collector.md, "Service
-- inventory"): every configured probe section of a host, as its agent last listed it, with the state
-- the collector derived. Owned by pihealthd (collector/inventory). A row is written only when
-- something but its last check changed; the latest checks of a host's services are hosts.checks,
-- written by the heartbeat's own upsert.
-- grp is the tree path ("" = ungrouped); actions a comma list of action names; pos the service's
-- place in the agent's list; agent_state ok | warning | critical | unknown as the agent reported it,
-- state (ok | warning | critical | unknown | stale) and since what the collector derived.
CREATE TABLE services (
  host          VARCHAR(255)  NOT NULL,
  resource      VARCHAR(32)   NOT NULL,
  instance      VARCHAR(255)  NOT NULL,
  grp           VARCHAR(255)  NOT NULL,
  agent_state   VARCHAR(8)    NOT NULL,
  summary       VARCHAR(520)  NOT NULL,
  interval_s    INT           NOT NULL,
  actions       VARCHAR(600)  NOT NULL,
  protected     BOOLEAN       NOT NULL,
  pos           INT           NOT NULL,
  last_check    BIGINT        NOT NULL,
  first_seen    BIGINT        NOT NULL,
  state         VARCHAR(8)    NOT NULL,
  since         BIGINT        NOT NULL,
  PRIMARY KEY (host, resource, instance)
) ${table_options};

-- services_hash: the agent's hash of the list the collector holds (NULL: none yet); checks: the
-- latest check of each service, epoch ms, comma-separated in list order.
ALTER TABLE hosts ADD COLUMN services_hash VARCHAR(16);
ALTER TABLE hosts ADD COLUMN checks TEXT;
