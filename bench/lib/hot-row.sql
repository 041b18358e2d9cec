-- pgbench script of bench/coupons and bench/lottery: one hot row's conditional update and an insert, one transaction.
BEGIN;
UPDATE hot SET remaining = remaining - 1 WHERE id = 1 AND remaining > 0 RETURNING remaining \gset
INSERT INTO hot_log (hot_id, client, remaining, code) VALUES (1, :client_id, :remaining, md5(random()::text));
END;
