-- The e-mail address a sign-in code was sent to is an entrant's personal data like the entrant's own
-- (decision 143): sealed per tenant (email_sealed) and found by its keyed hash (email_lookup), never kept in
-- plain text. Codes live 10 minutes: those written before this migration lose their address (an entrant
-- half-way through signing in asks for a new code) and nothing plain is left.
alter table identity.entrant_codes add column email_sealed bytea;
alter table identity.entrant_codes add column email_lookup bytea;
alter table identity.entrant_codes alter column email drop not null;
update identity.entrant_codes set email = null, used_at = coalesce(used_at, created_at);
alter table identity.entrant_codes
    add constraint entrant_codes_sealed check (email is null and (email_sealed is null) = (email_lookup is null));
create index entrant_codes_by_lookup on identity.entrant_codes (tenant_id, email_lookup, created_at);
drop index identity.entrant_codes_by_email_key;
