-- The tenants (customer companies) of this deployment. A platform table: tenant resolution reads it
-- before any tenant is bound.
create table tenancy.tenants (
    id           uuid primary key,
    slug         text not null unique
                 check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
    display_name text not null check (length(display_name) between 1 and 200),
    plan         text not null default 'standard',
    status       text not null default 'active'
                 check (status in ('active', 'suspended', 'terminating')),
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

select platform.register_platform_table('tenancy.tenants', 'SELECT, INSERT, UPDATE');
