-- Rewards (景品), docs/modules/rewards.md: one award per prize handed to an entrant, whatever mechanic decided
-- it, with the work its kind needs. Courses and prizes are lottery's (decision 113) and other modules' rows are
-- referred to by id, without foreign keys across schemas.
create table rewards.awards (
    tenant_id           uuid        not null,
    id                  uuid        not null,
    campaign_id         uuid        not null,
    course_id           uuid        not null,
    prize_id            uuid        not null,
    entrant_id          uuid        not null,
    entry_id            uuid,
    source              text        not null check (source in ('instant_win', 'draw', 'everyone', 'points')),
    kind                text        not null check (kind in ('physical', 'gift_code', 'coupon', 'payout')),
    prize_name          text        not null check (length(prize_name) between 1 and 200),
    value_yen           bigint      not null check (value_yen between 0 and 100000000),
    status              text        not null default 'won'
        check (status in ('won', 'address_requested', 'address_given', 'shipped', 'delivered', 'voided',
                          'payout_pending', 'payout_failed')),
    deadline            timestamptz,
    gift_code_pool_id   uuid,
    gift_code_id        uuid,
    coupon_id           uuid,
    coupon_instance_id  uuid,
    coupon_code         text,
    payout_yen          bigint      check (payout_yen between 1 and 10000000),
    payout_reference    text,
    voided_reason       text        check (length(voided_reason) <= 500),
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    primary key (tenant_id, id),
    check (kind <> 'gift_code' or gift_code_pool_id is not null),
    check (kind <> 'coupon' or coupon_id is not null),
    check (kind <> 'payout' or payout_yen is not null),
    check (status <> 'address_requested' or deadline is not null)
);
create index awards_by_campaign on rewards.awards (tenant_id, campaign_id, created_at);
create index awards_by_entrant on rewards.awards (tenant_id, entrant_id, created_at);
create index awards_by_deadline on rewards.awards (tenant_id, deadline) where status = 'address_requested';
create unique index awards_gift_code on rewards.awards (tenant_id, gift_code_id) where gift_code_id is not null;
select platform.register_tenant_table('rewards.awards');

-- Per campaign: how many days a winner of a physical prize has to give an address, and how approved receipts
-- earn points (points_rule: none, per_yen = points_per per yen_unit of the receipts' total, per_product =
-- points_per per target product bought, per_receipt = points_per per receipt).
create table rewards.campaign_settings (
    tenant_id       uuid        not null,
    campaign_id     uuid        not null,
    address_days    int         not null default 14 check (address_days between 1 and 365),
    points_rule     text        not null default 'none'
        check (points_rule in ('none', 'per_yen', 'per_product', 'per_receipt')),
    points_per      int         not null default 1 check (points_per between 1 and 100000),
    yen_unit        int         not null default 100 check (yen_unit between 1 and 1000000),
    updated_at      timestamptz not null,
    primary key (tenant_id, campaign_id)
);
select platform.register_tenant_table('rewards.campaign_settings');
