-- Operators see how much a tenant stores without reaching its data (decision 047): one number, read past
-- row-level security by this function only. It returns no row and takes nothing but the tenant's id.
create function files.bytes_stored(tenant uuid) returns bigint
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$ select coalesce(sum(size_bytes), 0)::bigint from files.stored_files where tenant_id = tenant $$;
