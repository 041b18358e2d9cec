-- Entrants' e-mail addresses are personal data sealed per tenant (issue 14, module privacy, decision 143):
-- email_sealed holds the address (AES-256-GCM under the tenant's data key) and email_lookup its keyed hash
-- (HMAC-SHA-256 of the address trimmed, NFKC-normalised and in lower case), which sign-in looks entrants up
-- by and which is unique per tenant. The plain column (and email_key, generated from it) stays for rows
-- written before, until privacy's start-up step has sealed them (it clears it); new rows leave it null.
alter table identity.entrants add column email_sealed bytea;
alter table identity.entrants add column email_lookup bytea;
alter table identity.entrants alter column email drop not null;
alter table identity.entrants
    add constraint entrants_sealed_or_plain check (email_sealed is not null or email is not null);
alter table identity.entrants
    add constraint entrants_lookup_with_sealed check ((email_sealed is null) = (email_lookup is null));
create unique index entrants_email_lookup on identity.entrants (tenant_id, email_lookup);
create index entrants_plain on identity.entrants (tenant_id) where email_sealed is null;
