-- Admin console sessions signed in at once, capped by the tenant's plan (decision 148): a seat is taken at a
-- session's first signed-in request; taking one past the cap ends the oldest sign-in of the tenant, whose
-- next request goes to the sign-in page. A seat unused for longer than the idle timeout is dead and goes.
create table identity.console_seats (
    tenant_id    uuid        not null,
    id           uuid        not null,
    user_id      uuid        not null,
    signed_in_at timestamptz not null,
    last_seen_at timestamptz not null,
    primary key (tenant_id, id)
);
create index console_seats_by_sign_in on identity.console_seats (tenant_id, signed_in_at);
select platform.register_tenant_table('identity.console_seats', 'SELECT, INSERT, UPDATE, DELETE');
select platform.exempt_from_audit('identity.console_seats',
    'session bookkeeping touched while people work; sign-ins are meaning entries, ended seats are logged');

-- Operators see how many seats a tenant uses without reaching its data: one number.
create function identity.seats_in_use(tenant uuid, alive_since timestamptz) returns bigint
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$ select count(*) from identity.console_seats where tenant_id = tenant and last_seen_at >= alive_since $$;
