-- A coupon holder's reference (an e-mail address, or the tenant's own reference for a person) is personal
-- data sealed per tenant (issue 14, module privacy, decision 143): reference_sealed holds it (AES-256-GCM
-- under the tenant's data key) and reference_lookup its keyed hash, the holder's unique key from now on. The
-- plain column stays for rows written before, until privacy's start-up step has sealed them (it clears it);
-- new rows leave it null.
alter table coupons.holders add column reference_sealed bytea;
alter table coupons.holders add column reference_lookup bytea;
alter table coupons.holders alter column reference drop not null;
alter table coupons.holders
    add constraint holders_sealed_or_plain check (reference_sealed is not null or reference is not null);
alter table coupons.holders
    add constraint holders_lookup_with_sealed check ((reference_sealed is null) = (reference_lookup is null));
create unique index holders_reference_lookup on coupons.holders (tenant_id, reference_lookup);
create index holders_plain on coupons.holders (tenant_id) where reference_sealed is null;
