-- Digital coupons (デジタルクーポン), docs/modules/coupons.md. A coupon is the definition; an instance is one
-- coupon a holder has (its code); a redemption is one use at a store. Caps are enforced here, each by one
-- conditional statement: the total cap by coupons.cap_stripes, the per-holder cap by coupons.holder_counts,
-- uses per instance by instances.uses_left, the money budget by coupons.budget_stripes.
create table coupons.coupons (
    tenant_id                uuid        not null,
    id                       uuid        not null,
    title                    text        not null check (length(title) between 1 and 100),
    description              text        not null default '' check (length(description) <= 2000),
    terms                    text        not null default '' check (length(terms) <= 5000),
    benefit_type             text        not null
        check (benefit_type in ('amount_off', 'percent_off', 'free_item', 'gift', 'text')),
    benefit_amount           bigint      check (benefit_amount between 1 and 10000000),
    benefit_percent          int         check (benefit_percent between 1 and 100),
    benefit_text             text        not null default '' check (length(benefit_text) <= 200),
    valid_from               date,
    valid_to                 date,
    valid_days               int         check (valid_days between 1 and 3650),
    weekdays                 int[]       not null default '{}',
    hours_from               time,
    hours_to                 time,
    total_cap                int         check (total_cap between 1 and 100000000),
    per_holder_cap           int         check (per_holder_cap between 1 and 1000),
    uses_per_coupon          int         not null default 1 check (uses_per_coupon between 1 and 1000),
    budget                   bigint      check (budget between 1 and 100000000000),
    value_per_use            bigint      check (value_per_use between 1 and 10000000),
    store_ids                uuid[]      not null default '{}',
    acquisition              text        not null default 'first_come'
        check (acquisition in ('first_come', 'lottery')),
    anonymous                boolean     not null default false,
    reversal_window_minutes  int         not null default 60 check (reversal_window_minutes between 0 and 43200),
    reversal_restores        boolean     not null default true,
    status                   text        not null default 'draft' check (status in ('draft', 'published', 'closed')),
    closed_reason            text        check (closed_reason in ('closed', 'budget_spent')),
    token_key                bytea       not null check (length(token_key) = 32),
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    published_at             timestamptz,
    closed_at                timestamptz,
    primary key (tenant_id, id),
    check ((valid_days is null) = (valid_from is not null and valid_to is not null)),
    check (valid_to is null or valid_to >= valid_from),
    check ((hours_from is null) = (hours_to is null)),
    check (budget is null or value_per_use is not null)
);
select platform.register_tenant_table('coupons.coupons');
select platform.ignore_columns_in_audit('coupons.coupons', array['token_key'],
    'the key the holders'' rotating tokens are derived from is a secret and never changes after creation');

-- The total cap split over stripes when the coupon is published, so that acquisitions of one hot coupon
-- take units from several rows instead of queueing on one lock (docs/modules/coupons.md). Derived state:
-- every unit taken is an instance inserted, which is captured.
create table coupons.cap_stripes (
    tenant_id  uuid     not null,
    coupon_id  uuid     not null,
    stripe     smallint not null,
    remaining  int      not null check (remaining >= 0),
    primary key (tenant_id, coupon_id, stripe),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id) on delete cascade
);
select platform.register_tenant_table('coupons.cap_stripes');
select platform.exempt_from_audit('coupons.cap_stripes',
    'derived from coupons.instances: each unit taken is an instance inserted, and that insert is captured');

-- The money budget, in yen, split the same way; each use takes the coupon's value per use.
create table coupons.budget_stripes (
    tenant_id  uuid     not null,
    coupon_id  uuid     not null,
    stripe     smallint not null,
    remaining  bigint   not null check (remaining >= 0),
    primary key (tenant_id, coupon_id, stripe),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id) on delete cascade
);
select platform.register_tenant_table('coupons.budget_stripes');
select platform.exempt_from_audit('coupons.budget_stripes',
    'derived from coupons.redemptions: each amount taken or given back is a redemption inserted or reversed');

-- A holder: an e-mail address (lower case) or the tenant's own reference for a person, or an anonymous
-- holder's random reference kept in their browser.
create table coupons.holders (
    tenant_id   uuid        not null,
    id          uuid        not null,
    reference   text        not null check (length(reference) between 1 and 254),
    created_at  timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, reference)
);
select platform.register_tenant_table('coupons.holders');

-- How many instances of a coupon a holder has taken: the per-holder cap, one conditional upsert.
create table coupons.holder_counts (
    tenant_id  uuid not null,
    coupon_id  uuid not null,
    holder_id  uuid not null,
    taken      int  not null check (taken >= 1),
    primary key (tenant_id, coupon_id, holder_id),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id) on delete cascade,
    foreign key (tenant_id, holder_id) references coupons.holders (tenant_id, id)
);
select platform.register_tenant_table('coupons.holder_counts');
select platform.exempt_from_audit('coupons.holder_counts',
    'derived from coupons.instances: each count taken is an instance inserted with its holder, which is captured');

create table coupons.instances (
    tenant_id    uuid        not null,
    id           uuid        not null,
    coupon_id    uuid        not null,
    code         text        not null check (code ~ '^[0-9A-Z]{8,20}$'),
    holder_id    uuid,
    holder_slot  int,
    source       text        not null check (source in ('acquired', 'issued', 'serial', 'lottery')),
    uses_total   int         not null check (uses_total >= 1),
    uses_left    int         not null check (uses_left >= 0 and uses_left <= uses_total),
    valid_from   timestamptz not null,
    valid_until  timestamptz not null,
    created_at   timestamptz not null,
    claimed_at   timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, code),
    unique (tenant_id, coupon_id, holder_id, holder_slot),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id),
    foreign key (tenant_id, holder_id) references coupons.holders (tenant_id, id),
    check ((holder_id is null) = (holder_slot is null))
);
create index instances_by_coupon on coupons.instances (tenant_id, coupon_id, created_at);
create index instances_by_holder on coupons.instances (tenant_id, holder_id, created_at) where holder_id is not null;
select platform.register_tenant_table('coupons.instances');

-- One use. idempotency_key makes a retried request record nothing more; reversed_* say a use was undone.
create table coupons.redemptions (
    tenant_id        uuid        not null,
    id               uuid        not null,
    instance_id      uuid        not null,
    coupon_id        uuid        not null,
    store_id         uuid,
    proof            text        not null check (proof in ('api', 'staff', 'pin', 'store_qr', 'token')),
    idempotency_key  text        check (length(idempotency_key) between 1 and 200),
    value            bigint      not null default 0 check (value >= 0),
    uses_left_after  int         not null check (uses_left_after >= 0),
    used_at          timestamptz not null,
    reversed_at      timestamptz,
    reversed_reason  text        check (length(reversed_reason) between 1 and 500),
    reversal_restored boolean,
    primary key (tenant_id, id),
    unique (tenant_id, idempotency_key),
    foreign key (tenant_id, instance_id) references coupons.instances (tenant_id, id),
    check ((reversed_at is null) = (reversed_reason is null))
);
create index redemptions_by_coupon on coupons.redemptions (tenant_id, coupon_id, used_at);
create index redemptions_by_instance on coupons.redemptions (tenant_id, instance_id, used_at);
select platform.register_tenant_table('coupons.redemptions');
