-- One-click ack links (docs/notifier.md, "One-click ack"). Owned by pihealthd (collector/store
-- AckLinkStore); boird only reads ack_link_keys, to sign the links it mails.
-- The keys that sign links: pihealthd creates the first at its first start, `botasky ack-links
-- rotate` adds a new one and retires the others. The newest key not retired signs; a retired key
-- verifies the links it signed until they expire (24 h), then the leader's retention deletes it.
-- secret is 32 random bytes in base64; it is never logged or shown by the API.
CREATE TABLE ack_link_keys (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  secret        VARCHAR(64) ${ascii} NOT NULL,
  created_at    BIGINT       NOT NULL,
  retired_at    BIGINT
) ${table_options};

-- The token ids of links already used: a link acks once. The primary key makes the use atomic
-- (the second of two simultaneous clicks finds the row). Deleted by retention once the link has
-- expired, since an expired link is refused anyway.
CREATE TABLE ack_link_uses (
  token_id      CHAR(22) ${ascii} NOT NULL PRIMARY KEY,
  alert_id      BIGINT       NOT NULL,
  used_by       VARCHAR(255) NOT NULL,
  used_at       BIGINT       NOT NULL,
  expires_at    BIGINT       NOT NULL
) ${table_options};
CREATE INDEX ix_ack_link_uses_expires ON ack_link_uses (expires_at);
