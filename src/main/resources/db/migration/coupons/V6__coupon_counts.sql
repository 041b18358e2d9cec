-- A coupon's counts kept with the writes, so that reading them does not grow with the coupon
-- (bench/coupons: count(*) over 9,300 instances cost 28.8 ms of database time per GET). Kept by triggers on
-- the rows they count, so that every path that issues, claims, uses or reverses (acquisitions, issue,
-- serial codes, claims, the lottery's draw, redemptions, reversals) counts alike. Spread over 64 rows per
-- coupon, each change on one chosen at random, so that one hot coupon's counts are not one hot row; a read
-- sums them. Derived state: every change to it is a captured change of an instance or a redemption.
create table coupons.coupon_counts (
    tenant_id  uuid     not null,
    coupon_id  uuid     not null,
    stripe     smallint not null,
    issued     bigint   not null default 0,
    serials    bigint   not null default 0,
    used       bigint   not null default 0,
    reversed   bigint   not null default 0,
    primary key (tenant_id, coupon_id, stripe),
    foreign key (tenant_id, coupon_id) references coupons.coupons (tenant_id, id) on delete cascade
);
select platform.register_tenant_table('coupons.coupon_counts');
select platform.exempt_from_audit('coupons.coupon_counts',
    'derived from coupons.instances and coupons.redemptions by triggers; every change to those is captured');

create function coupons.count_stripes() returns trigger language plpgsql as $$
begin
    insert into coupons.coupon_counts (tenant_id, coupon_id, stripe)
    select new.tenant_id, new.id, s from generate_series(0, 63) s;
    return null;
end $$;
create trigger coupon_count_stripes after insert on coupons.coupons
    for each row execute function coupons.count_stripes();

create function coupons.count_instance() returns trigger language plpgsql as $$
declare
    d_issued  int := 0;
    d_serials int := 0;
    pick      smallint := floor(random() * 64)::smallint; -- drawn once: random() in the WHERE would be per row
begin
    if tg_op = 'INSERT' then
        d_issued := case when new.claimed_at is not null then 1 else 0 end;
        d_serials := case when new.holder_id is null then 1 else 0 end;
    else
        d_issued := case when old.claimed_at is null and new.claimed_at is not null then 1 else 0 end;
        d_serials := case when old.holder_id is null and new.holder_id is not null then -1 else 0 end;
    end if;
    if d_issued <> 0 or d_serials <> 0 then
        update coupons.coupon_counts c
           set issued = c.issued + d_issued, serials = c.serials + d_serials
         where c.tenant_id = new.tenant_id and c.coupon_id = new.coupon_id
           and c.stripe = pick;
    end if;
    return null;
end $$;
create trigger instance_counts after insert or update of claimed_at, holder_id on coupons.instances
    for each row execute function coupons.count_instance();

create function coupons.count_redemption() returns trigger language plpgsql as $$
declare
    d_used     int := 0;
    d_reversed int := 0;
    pick       smallint := floor(random() * 64)::smallint; -- drawn once: random() in the WHERE would be per row
begin
    if tg_op = 'INSERT' then
        d_used := case when new.reversed_at is null then 1 else 0 end;
        d_reversed := case when new.reversed_at is null then 0 else 1 end;
    elsif old.reversed_at is null and new.reversed_at is not null then
        d_used := -1;
        d_reversed := 1;
    end if;
    if d_used <> 0 or d_reversed <> 0 then
        update coupons.coupon_counts c
           set used = c.used + d_used, reversed = c.reversed + d_reversed
         where c.tenant_id = new.tenant_id and c.coupon_id = new.coupon_id
           and c.stripe = pick;
    end if;
    return null;
end $$;
create trigger redemption_counts after insert or update of reversed_at on coupons.redemptions
    for each row execute function coupons.count_redemption();

-- the coupons there already: their stripes, with today's counts on stripe 0
insert into coupons.coupon_counts (tenant_id, coupon_id, stripe, issued, serials, used, reversed)
select c.tenant_id, c.id, s,
       case when s = 0 then (select count(*) from coupons.instances i
                              where i.tenant_id = c.tenant_id and i.coupon_id = c.id and i.claimed_at is not null)
            else 0 end,
       case when s = 0 then (select count(*) from coupons.instances i
                              where i.tenant_id = c.tenant_id and i.coupon_id = c.id and i.holder_id is null)
            else 0 end,
       case when s = 0 then (select count(*) from coupons.redemptions r
                              where r.tenant_id = c.tenant_id and r.coupon_id = c.id and r.reversed_at is null)
            else 0 end,
       case when s = 0 then (select count(*) from coupons.redemptions r
                              where r.tenant_id = c.tenant_id and r.coupon_id = c.id and r.reversed_at is not null)
            else 0 end
  from coupons.coupons c cross join generate_series(0, 63) s;
