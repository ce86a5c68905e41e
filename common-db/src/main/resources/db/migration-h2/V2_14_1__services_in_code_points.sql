-- H2 only, as V1_1: VARCHAR(n) counts UTF-16 units there, so the columns the API limits in
-- characters are doubled; validation still enforces the real limit.
ALTER TABLE services ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE services ALTER COLUMN instance SET DATA TYPE VARCHAR(510);
ALTER TABLE services ALTER COLUMN grp SET DATA TYPE VARCHAR(510);
ALTER TABLE services ALTER COLUMN summary SET DATA TYPE VARCHAR(1040);
