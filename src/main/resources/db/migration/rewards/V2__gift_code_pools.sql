-- Gift-code pools (デジタルギフトコード), docs/modules/rewards.md: codes a tenant uploads as CSV, each handed to
-- exactly one winner. A code is taken by one conditional update (award_id is null → the award), passing over
-- codes other grants hold locked; rewards.awards has a unique index on gift_code_id besides.
create table rewards.gift_code_pools (
    tenant_id       uuid        not null,
    id              uuid        not null,
    name            text        not null check (length(name) between 1 and 100),
    campaign_id     uuid,
    low_threshold   int         not null default 0 check (low_threshold between 0 and 10000000),
    -- true once the alert for the current fall below the threshold is sent; an upload that lifts the pool to
    -- the threshold or above sets it back, so that there is one alert per crossing
    low_alerted     boolean     not null default false,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, id)
);
select platform.register_tenant_table('rewards.gift_code_pools');

create table rewards.gift_codes (
    tenant_id   uuid        not null,
    id          uuid        not null,
    pool_id     uuid        not null,
    code        text        not null check (length(code) between 1 and 200),
    award_id    uuid,
    taken_at    timestamptz,
    created_at  timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, pool_id, code),
    foreign key (tenant_id, pool_id) references rewards.gift_code_pools (tenant_id, id),
    check ((award_id is null) = (taken_at is null))
);
create index gift_codes_free on rewards.gift_codes (tenant_id, pool_id, id) where award_id is null;
select platform.register_tenant_table('rewards.gift_codes');
select platform.exempt_from_audit('rewards.gift_codes',
    'codes are secrets and an upload is up to 100,000 rows: the upload is one meaning entry with its counts '
    '(gift_codes.uploaded), and a code taken is the award inserted with its gift_code_id, which is captured');
