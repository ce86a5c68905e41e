-- H2 only, as V1_1: VARCHAR(n) counts UTF-16 units there, so the columns the API limits in
-- characters are doubled; validation still enforces the real limit.
ALTER TABLE log_lines ALTER COLUMN host SET DATA TYPE VARCHAR(510);
ALTER TABLE log_lines ALTER COLUMN line SET DATA TYPE VARCHAR(16384);
ALTER TABLE log_batches ALTER COLUMN host SET DATA TYPE VARCHAR(510);
