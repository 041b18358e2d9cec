-- What entrants type on entry forms (name, address, phone …) is personal data sealed per tenant (issue 14,
-- module privacy, decision 143): the fields as JSON, AES-256-GCM under the tenant's data key, in
-- fields_sealed. The plain jsonb column stays for rows written before, until privacy's start-up step has
-- sealed them (it clears it); new rows leave it null.
alter table identity.entrant_details add column fields_sealed bytea;
alter table identity.entrant_details alter column fields drop not null;
alter table identity.entrant_details
    add constraint entrant_details_sealed_or_plain check (fields_sealed is not null or fields is not null);
create index entrant_details_plain on identity.entrant_details (tenant_id) where fields_sealed is null;
