-- Entrants and their sign-in codes are looked up by e-mail address without case. Under row-level
-- security a condition on lower(email) cannot use an index (lower() is not leakproof, so the planner
-- must not run it before the tenant policy), and the lookup read every entrant of the tenant: about
-- 3 ms at 2,000 entrants, growing with each one (decision 098). A stored key compared with = (leakproof)
-- is found through its index.
alter table identity.entrants add column email_key text generated always as (lower(email)) stored;
create unique index entrants_email_key on identity.entrants (tenant_id, email_key);
drop index identity.entrants_email;

alter table identity.entrant_codes add column email_key text generated always as (lower(email)) stored;
create index entrant_codes_by_email_key on identity.entrant_codes (tenant_id, email_key, created_at);
drop index identity.entrant_codes_by_email;
