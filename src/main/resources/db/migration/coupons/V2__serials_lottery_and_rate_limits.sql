-- Distribution and abuse (issue 12, decision 110): serial codes are instances with no holder yet
-- (source 'serial', claimed_at null; V1 allows them); the acquisition lottery's window, its number of
-- winners and when it was drawn; one application per holder; the rate limits' counters.
alter table coupons.coupons
    add column apply_from  timestamptz,
    add column apply_until timestamptz,
    add column winners     int check (winners between 1 and 100000000),
    add column drawn_at    timestamptz,
    add constraint lottery_window check (apply_from is null or apply_until is null or apply_from < apply_until);

-- Serials not yet claimed, per coupon, for the counts and the CSV export.
create index instances_unclaimed on coupons.instances (tenant_id, coupon_id) where holder_id is null;

-- An application to a lottery coupon: one per holder (the primary key), and after the draw its outcome
-- and, for a winner, the instance it was given.
create table coupons.lottery_applications (
    tenant_id    uuid        not null,
    coupon_id    uuid        not null,
    holder_id    uuid        not null,
    applied_at   timestamptz not null,
    outcome      text        check (outcome in ('won', 'lost')),
    instance_id  uuid,
    primary key (tenant_id, coupon_id, holder_id),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id) on delete cascade,
    foreign key (tenant_id, holder_id) references coupons.holders (tenant_id, id),
    foreign key (tenant_id, instance_id) references coupons.instances (tenant_id, id),
    check ((outcome = 'won') = (instance_id is not null))
);
select platform.register_tenant_table('coupons.lottery_applications');

-- Fixed-window counters of the rate limits (CouponRateLimits): a bucket (what is counted, e.g.
-- 'acquisition.source') and the SHA-256 of its key (an address or a holder reference, so no e-mail is
-- kept here), the window's start and the hits in it. One upsert per check; reported_for is the window
-- whose limiting was recorded (once per key and window).
create table coupons.rate_limits (
    tenant_id     uuid        not null,
    bucket        text        not null check (length(bucket) between 1 and 40),
    key_sha256    bytea       not null check (length(key_sha256) = 32),
    window_start  timestamptz not null,
    hits          int         not null check (hits >= 0),
    reported_for  timestamptz,
    primary key (tenant_id, bucket, key_sha256)
);
create index rate_limits_by_window on coupons.rate_limits (tenant_id, window_start);
select platform.register_tenant_table('coupons.rate_limits');
select platform.exempt_from_audit('coupons.rate_limits',
    'counters of requests that change on every acquisition and code typed; a key that is limited is recorded'
    ' once per window as a meaning entry (coupon.rate_limited) and the requests are in the access log');
