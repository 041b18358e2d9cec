-- Lottery (docs/modules/lottery.md): a campaign's courses (A賞, B賞 …), each with its prizes and their stock,
-- and the instant-win plays. Campaigns, entries and entrants live in other modules that migrate later or
-- earlier; they are referenced by id and checked in code (no foreign keys across module schemas).
create table lottery.courses (
    tenant_id             uuid        not null,
    id                    uuid        not null,
    campaign_id           uuid        not null,
    name                  text        not null check (length(name) between 1 and 100),
    mechanic              text        not null check (mechanic in ('instant_win', 'closed_draw', 'everyone')),
    points_needed         int         check (points_needed between 1 and 100000000),
    min_total_yen         bigint      check (min_total_yen between 1 and 100000000),
    chances_per           text        not null default 'entry' check (chances_per in ('entry', 'receipt', 'entrant')),
    max_wins_per_entrant  int         not null default 1 check (max_wins_per_entrant between 1 and 1000),
    win_chance            double precision check (win_chance > 0 and win_chance <= 1),
    stripe_count          int         not null default 0 check (stripe_count between 0 and 1024),
    position              int         not null default 0,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    primary key (tenant_id, id)
);
create index courses_by_campaign on lottery.courses (tenant_id, campaign_id, position);
select platform.register_tenant_table('lottery.courses');

-- What a course gives: each prize with its stock (how many exist), its value and what kind of thing it is,
-- with the kind's reference (a gift-code pool and a coupon of other modules, by id; a payout's amount).
create table lottery.prizes (
    tenant_id          uuid        not null,
    id                 uuid        not null,
    course_id          uuid        not null,
    position           int         not null,
    name               text        not null check (length(name) between 1 and 100),
    stock              int         not null check (stock between 0 and 10000000),
    value_yen          bigint      not null check (value_yen between 0 and 100000000),
    kind               text        not null check (kind in ('physical', 'gift_code', 'coupon', 'payout')),
    gift_code_pool_id  uuid,
    coupon_id          uuid,
    payout_yen         bigint      check (payout_yen between 1 and 100000000),
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, course_id, position),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id) on delete cascade,
    check ((kind = 'gift_code') = (gift_code_pool_id is not null)),
    check ((kind = 'coupon') = (coupon_id is not null)),
    check ((kind = 'payout') = (payout_yen is not null))
);
select platform.register_tenant_table('lottery.prizes');

-- The stock left, split over stripes (each stripe one prize's) so that the wins of one hot course take units
-- from several rows instead of queueing on one lock; a win takes one unit with one conditional statement.
-- Derived state: every unit taken is a play (or a draw's win) inserted, and that insert is captured.
create table lottery.stock_stripes (
    tenant_id  uuid     not null,
    course_id  uuid     not null,
    stripe     smallint not null,
    prize_id   uuid     not null,
    remaining  int      not null check (remaining >= 0),
    primary key (tenant_id, course_id, stripe),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id) on delete cascade,
    foreign key (tenant_id, prize_id) references lottery.prizes (tenant_id, id) on delete cascade
);
create index stock_stripes_by_prize on lottery.stock_stripes (tenant_id, prize_id);
select platform.register_tenant_table('lottery.stock_stripes');
select platform.exempt_from_audit('lottery.stock_stripes',
    'derived from lottery.plays and the draws'' winners: each unit taken is a captured insert of a win');

-- How many times an entrant has won a course, counted up only while below the course's cap (one upsert).
create table lottery.entrant_wins (
    tenant_id   uuid not null,
    course_id   uuid not null,
    entrant_id  uuid not null,
    wins        int  not null check (wins >= 0),
    primary key (tenant_id, course_id, entrant_id),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id) on delete cascade
);
select platform.register_tenant_table('lottery.entrant_wins');
select platform.exempt_from_audit('lottery.entrant_wins',
    'derived from lottery.plays and the draws'' winners: each win counted is a captured insert');

-- Instant-win plays: one per chance (an entry, or an entrant when the course gives one chance per entrant),
-- recorded with its result before the result is shown, so that asking again answers the same.
create table lottery.plays (
    tenant_id    uuid        not null,
    id           uuid        not null,
    course_id    uuid        not null,
    chance_key   uuid        not null,
    entry_id     uuid        not null,
    entrant_id   uuid        not null,
    campaign_id  uuid        not null,
    result       text        not null check (result in ('win', 'lose')),
    prize_id     uuid,
    award_id     uuid,
    chance       double precision not null check (chance >= 0 and chance <= 1),
    played_at    timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, course_id, chance_key),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id),
    foreign key (tenant_id, prize_id) references lottery.prizes (tenant_id, id),
    check ((result = 'win') = (prize_id is not null))
);
create index plays_by_course_time on lottery.plays (tenant_id, course_id, played_at);
create index plays_by_entry on lottery.plays (tenant_id, entry_id);
select platform.register_tenant_table('lottery.plays', 'SELECT, INSERT');
