-- Maintenance windows (module ops): scheduled by operators at least 7 days ahead (or as an emergency);
-- while one is on, consumer and admin pages and the tenant API answer 503 with Retry-After. A platform
-- table: a window is the service's, not a tenant's. Cancelled windows stay, for the record.
create table ops.maintenance_windows (
    id            uuid        primary key,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    title         text        not null check (length(title) between 1 and 200),
    emergency     boolean     not null,
    created_by    uuid,
    created_at    timestamptz not null,
    cancelled_at  timestamptz,
    check (ends_at > starts_at)
);
create index maintenance_windows_by_end on ops.maintenance_windows (ends_at) where cancelled_at is null;
select platform.register_platform_table('ops.maintenance_windows', 'SELECT, INSERT, UPDATE');
