-- H2 only, as V1_1: VARCHAR(n) counts UTF-16 units there, so the columns the API limits in
-- characters are doubled; validation still enforces the real limit.
ALTER TABLE actions ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE actions ALTER COLUMN instance SET DATA TYPE VARCHAR(510);
ALTER TABLE actions ALTER COLUMN by_who SET DATA TYPE VARCHAR(128);
ALTER TABLE actions ALTER COLUMN comment SET DATA TYPE VARCHAR(1024);
ALTER TABLE actions ALTER COLUMN reason SET DATA TYPE VARCHAR(1024);
