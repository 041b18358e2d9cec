-- New holders keep no plain reference (V30: it is sealed, and found by reference_lookup), yet each one still
-- wrote a null into the unique index on (tenant_id, reference), every one of them on the same last page of
-- it. The plain references left (rows not yet sealed) stay unique through a partial index, which is the one
-- the lookup by plain reference uses (decision 166, bench/coupons).
create unique index holders_plain_reference on coupons.holders (tenant_id, reference) where reference is not null;
alter table coupons.holders drop constraint holders_tenant_id_reference_key;
