-- Delivery of physical prizes (docs/modules/rewards.md, "Delivery"): the winner's link to the address form,
-- the address they give (personal data, kept apart for issue 14's encryption), shipping, and the e-mails
-- sent about an award.

-- The secret link of an award's address form (/c/{slug}/winners/{token}): only the token's SHA-256 is kept.
create table rewards.winner_links (
    tenant_id     uuid        not null,
    award_id      uuid        not null,
    token_sha256  text        not null check (token_sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz not null,
    primary key (tenant_id, award_id),
    unique (tenant_id, token_sha256),
    foreign key (tenant_id, award_id) references rewards.awards (tenant_id, id)
);
select platform.register_tenant_table('rewards.winner_links', 'SELECT, INSERT');

-- PERSONAL DATA: names, addresses and phone numbers of winners, and nothing else, so that issue 14 can
-- encrypt this one table. One row per award; the winner edits it until the deadline (or until shipped).
create table rewards.winner_addresses (
    tenant_id      uuid        not null,
    award_id       uuid        not null,
    full_name      text        not null check (length(full_name) between 1 and 100),
    postal_code    char(7)     not null check (postal_code ~ '^[0-9]{7}$'),
    prefecture     text        not null check (length(prefecture) between 2 and 10),
    city           text        not null check (length(city) between 1 and 100),
    town           text        not null check (length(town) <= 100),
    address_line1  text        not null check (length(address_line1) between 1 and 100),
    address_line2  text        not null default '' check (length(address_line2) <= 100),
    phone          text        not null check (phone ~ '^0[0-9]{9,10}$'),
    submitted_at   timestamptz not null,
    updated_at     timestamptz not null,
    primary key (tenant_id, award_id),
    foreign key (tenant_id, award_id) references rewards.awards (tenant_id, id)
);
select platform.register_tenant_table('rewards.winner_addresses');

-- Shipping of a physical prize: the carrier's tracking number and when it was shipped and delivered.
create table rewards.shipments (
    tenant_id        uuid        not null,
    award_id         uuid        not null,
    tracking_number  text        check (length(tracking_number) between 1 and 50),
    shipped_at       timestamptz,
    delivered_at     timestamptz,
    updated_at       timestamptz not null,
    primary key (tenant_id, award_id),
    foreign key (tenant_id, award_id) references rewards.awards (tenant_id, id)
);
select platform.register_tenant_table('rewards.shipments');

-- E-mails sent about an award, once each (kind: address_request, shipped, lapsed): the sweep sends what has
-- no row yet.
create table rewards.winner_notices (
    tenant_id   uuid        not null,
    award_id    uuid        not null,
    kind        text        not null check (kind in ('address_request', 'shipped', 'lapsed')),
    outcome     text        not null check (outcome in ('sent', 'not_configured', 'failed')),
    sent_at     timestamptz not null,
    primary key (tenant_id, award_id, kind),
    foreign key (tenant_id, award_id) references rewards.awards (tenant_id, id)
);
select platform.register_tenant_table('rewards.winner_notices', 'SELECT, INSERT');

-- Which tenants have delivery work due (a lapsed deadline, a message not yet sent about an address request,
-- a shipment or a lapse): the scheduler enqueues one sweep job for each (decision 047's way past row-level
-- security: tenant ids only).
create function rewards.tenants_with_delivery_work(at timestamptz) returns setof uuid
    language sql stable security definer
    set search_path = pg_catalog, pg_temp
as $$
    select distinct a.tenant_id from rewards.awards a
     where a.kind = 'physical'
       and ((a.status = 'address_requested' and a.deadline <= at)
            or (a.status in ('address_requested', 'shipped', 'voided')
                and not exists (select 1 from rewards.winner_notices n
                                 where n.tenant_id = a.tenant_id and n.award_id = a.id
                                   and n.kind = case a.status when 'address_requested' then 'address_request'
                                                              when 'shipped' then 'shipped'
                                                              else 'lapsed' end)
                and (a.status <> 'voided' or a.voided_reason = 'address_deadline_passed')))
$$;

-- Personal data never enters the append-only audit log, where it could be neither encrypted (issue 14) nor
-- erased: the table is left out of change capture, and every write of it is a meaning entry without the data
-- (award.address_given, award.address_changed) in the same transaction (decision 125).
select platform.exempt_from_audit('rewards.winner_addresses',
    'personal data (names, addresses, phones) kept out of the append-only audit log; every write is a meaning '
    || 'entry award.address_given or award.address_changed naming the award, without the data');
