-- Winners' addresses are personal data sealed per tenant (issue 14, module privacy, decision 143): the whole
-- address as JSON, AES-256-GCM under the tenant's data key, in address_sealed. The plain-text columns stay
-- for rows written before, until privacy's start-up step has sealed them (it clears them); new rows leave
-- them null.
alter table rewards.winner_addresses add column address_sealed bytea;
alter table rewards.winner_addresses
    alter column full_name drop not null,
    alter column postal_code drop not null,
    alter column prefecture drop not null,
    alter column city drop not null,
    alter column town drop not null,
    alter column address_line1 drop not null,
    alter column address_line2 drop not null,
    alter column address_line2 drop default,
    alter column phone drop not null;
alter table rewards.winner_addresses
    add constraint winner_addresses_sealed_or_plain check (address_sealed is not null or full_name is not null);
create index winner_addresses_plain on rewards.winner_addresses (tenant_id) where address_sealed is null;
