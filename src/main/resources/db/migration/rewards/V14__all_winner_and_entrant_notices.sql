-- Every winner and every entrant of a closed draw is told by e-mail (decision 151): winners of gift codes,
-- coupons and payouts get their code, coupon or payment notice; entrants of a closed draw who did not win get
-- a "not won" notice. Each kind has the tenant's own template per campaign like the address request.
alter table rewards.winner_notices drop constraint winner_notices_kind_check;
alter table rewards.winner_notices add constraint winner_notices_kind_check
    check (kind in ('address_request', 'shipped', 'lapsed', 'gift_code', 'coupon', 'payout'));
alter table rewards.mail_templates drop constraint mail_templates_kind_check;
alter table rewards.mail_templates add constraint mail_templates_kind_check
    check (kind in ('address_request', 'shipped', 'lapsed', 'gift_code', 'coupon', 'payout', 'not_won'));

-- Notices to entrants that are not about an award: "not won" after a closed draw (about = the draw). Queued
-- (outcome null) in the transaction that runs the draw, sent by the delivery sweep, one per entrant and draw.
create table rewards.entrant_notices (
    tenant_id    uuid        not null,
    kind         text        not null check (kind in ('not_won')),
    about        uuid        not null,
    entrant_id   uuid        not null,
    campaign_id  uuid        not null,
    queued_at    timestamptz not null,
    outcome      text        check (outcome in ('sent', 'not_configured')),
    sent_at      timestamptz,
    primary key (tenant_id, kind, about, entrant_id),
    check ((outcome is null) = (sent_at is null))
);
create index entrant_notices_pending on rewards.entrant_notices (tenant_id, queued_at) where outcome is null;
select platform.register_tenant_table('rewards.entrant_notices', 'SELECT, INSERT, UPDATE');
select platform.exempt_from_audit('rewards.entrant_notices',
    'one row per entrant of a closed draw who did not win (up to every entrant of a campaign), queued with the '
    || 'draw run, which is audited (lottery.draw_run) with its counts; a row says only that a notice was sent');

create or replace function rewards.tenants_with_delivery_work(at timestamptz) returns setof uuid
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    select distinct a.tenant_id from rewards.awards a
     where (a.kind = 'physical'
            and ((a.status = 'address_requested' and a.deadline <= at)
                 or (a.status in ('address_requested', 'shipped', 'voided')
                     and not exists (select 1 from rewards.winner_notices n
                                      where n.tenant_id = a.tenant_id and n.award_id = a.id
                                        and n.kind = case a.status when 'address_requested' then 'address_request'
                                                                   when 'shipped' then 'shipped'
                                                                   else 'lapsed' end)
                     and (a.status <> 'voided' or a.voided_reason = 'address_deadline_passed'))))
        or (a.kind in ('gift_code', 'coupon', 'payout') and a.status = 'delivered'
            and not exists (select 1 from rewards.winner_notices n
                             where n.tenant_id = a.tenant_id and n.award_id = a.id and n.kind = a.kind))
    union
    select distinct e.tenant_id from rewards.entrant_notices e where e.outcome is null
$$;
