-- Plans and limits (issue 14, decisions 145-147). A plan is data: operators edit its caps and assign it to a
-- tenant (tenancy.tenants.plan). A platform table: the plans are the service's, not a tenant's.
create table tenancy.plans (
    code                    text    primary key check (code ~ '^[a-z][a-z0-9-]{0,29}$'),
    name                    text    not null check (length(name) between 1 and 100),
    max_campaigns           integer not null check (max_campaigns >= 0),
    max_coupons             integer not null check (max_coupons >= 0),
    max_entries_per_month   integer not null check (max_entries_per_month >= 0),
    max_storage_bytes       bigint  not null check (max_storage_bytes >= 0),
    max_console_sessions    integer not null check (max_console_sessions >= 1),
    api_requests_per_minute integer not null check (api_requests_per_minute >= 1),
    updated_at              timestamptz not null default now()
);
insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month, max_storage_bytes,
                           max_console_sessions, api_requests_per_minute)
values ('free',       'Free',       2,    5,     1000,    1073741824,       2,  120),
       ('standard',   'Standard',   50,   200,   100000,  107374182400,    20, 6000),
       ('enterprise', 'Enterprise', 1000, 5000,  5000000, 2199023255552,  200, 60000);
select platform.register_platform_table('tenancy.plans', 'SELECT, UPDATE');

alter table tenancy.tenants add constraint tenants_plan_fkey foreign key (plan) references tenancy.plans (code);

-- What a tenant uses of its capped counts, kept with the writes so that a cap is one conditional statement
-- (insert ... on conflict do update ... where used + n <= cap): concurrent takers wait on the row, and the
-- condition is evaluated again on the row they lock, so a cap is never exceeded. period is '' for counts
-- that last (campaigns, coupons) and 'YYYY-MM' (Japan time) for monthly ones (entries).
create table tenancy.usage (
    tenant_id uuid   not null,
    counter   text   not null check (counter in ('campaigns', 'coupons', 'entries')),
    period    text   not null check (period = '' or period ~ '^[0-9]{4}-[0-9]{2}$'),
    used      bigint not null check (used >= 0),
    primary key (tenant_id, counter, period)
);
select platform.register_tenant_table('tenancy.usage', 'SELECT, INSERT, UPDATE');
select platform.exempt_from_audit('tenancy.usage',
    'derived counts of campaigns, coupons and entries; every change to the rows counted is captured');

-- Operators see a tenant's usage without reaching its data (as files.bytes_stored, decision 047): counts only.
create function tenancy.usage_of(tenant uuid) returns table (counter text, period text, used bigint)
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$ select u.counter, u.period, u.used from tenancy.usage u where u.tenant_id = tenant $$;

-- Counts what existing tenants already have (on a new database the counted tables do not exist yet).
alter table tenancy.usage no force row level security;
do $$
begin
    if to_regclass('campaigns.campaigns') is not null then
        insert into tenancy.usage (tenant_id, counter, period, used)
        select tenant_id, 'campaigns', '', count(*) from campaigns.campaigns
         where status <> 'archived' group by tenant_id;
    end if;
    if to_regclass('coupons.coupons') is not null then
        insert into tenancy.usage (tenant_id, counter, period, used)
        select tenant_id, 'coupons', '', count(*) from coupons.coupons
         where status <> 'closed' group by tenant_id;
    end if;
    if to_regclass('receipts.entries') is not null then
        insert into tenancy.usage (tenant_id, counter, period, used)
        select tenant_id, 'entries', to_char(created_at at time zone 'Asia/Tokyo', 'YYYY-MM'), count(*)
          from receipts.entries group by 1, 2, 3;
    end if;
end $$;
alter table tenancy.usage force row level security;
