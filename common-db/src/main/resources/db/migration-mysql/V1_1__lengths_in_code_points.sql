-- MySQL and MariaDB only. VARCHAR(n) in utf8mb4 counts characters as the API does, but TEXT holds
-- 65,535 bytes, and a heartbeat's sysinfo may be 65,536 characters (up to four bytes each):
-- MEDIUMTEXT (16 MiB) holds every value validation lets through. details (16,384 UTF-16 units,
-- at most 49,152 bytes) already fits in TEXT.
ALTER TABLE hosts MODIFY sysinfo MEDIUMTEXT;
