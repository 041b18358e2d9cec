-- When a key was last used is written at most once a minute by every API call's authentication; it is
-- bookkeeping, not a change anyone made, and the access log already has every call (decision 045).
select platform.ignore_columns_in_audit('identity.api_keys', array['last_used_at'],
    'written by API key authentication at most once a minute; every call is in the access log');

-- Onboarding: an operator invites a new tenant's first admin, before the tenant has any user.
alter table identity.tenant_user_invites
    alter column invited_by drop not null,
    add column invited_by_operator uuid, -- an operator (a platform row: no tenant-scoped key to point at)
    add constraint tenant_user_invites_inviter check (invited_by is not null or invited_by_operator is not null);

-- Operators see how many users a tenant has without reaching its data (decision 047): one number, read
-- past row-level security by this function only.
create function identity.user_count(tenant uuid) returns bigint
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$ select count(*) from identity.tenant_users where tenant_id = tenant and status = 'active' $$;
