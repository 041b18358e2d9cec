-- Closed draws (docs/modules/lottery.md "Closed draws", docs/draws.md): a course's draw after the period,
-- committed to a secret seed when created and published with its list of chances once run; re-draws of
-- lapsed wins refer to the first draw.
create table lottery.draws (
    tenant_id             uuid        not null,
    id                    uuid        not null,
    campaign_id           uuid        not null,
    course_id             uuid        not null,
    redraw_of             uuid,
    -- the seed is secret until the run: the audit log masks a column named like this (…secret…)
    seed_secret           bytea       not null check (length(seed_secret) = 32),
    commitment            text        not null check (commitment ~ '^[0-9a-f]{64}$'),
    winners_wanted        int         not null check (winners_wanted between 0 and 10000000),
    max_wins_per_entrant  int         not null check (max_wins_per_entrant between 1 and 1000),
    redraw_on_lapse       boolean     not null,
    status                text        not null default 'committed' check (status in ('committed', 'drawn')),
    chances               int         check (chances >= 0),
    entries_digest        text        check (entries_digest ~ '^[0-9a-f]{64}$'),
    created_at            timestamptz not null,
    drawn_at              timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id),
    foreign key (tenant_id, redraw_of) references lottery.draws (tenant_id, id),
    check ((status = 'drawn') = (drawn_at is not null and entries_digest is not null and chances is not null))
);
-- One first draw per course: a tenant cannot create draws until one gives the winners it likes.
create unique index draws_one_per_course on lottery.draws (tenant_id, course_id) where redraw_of is null;
create index draws_by_campaign on lottery.draws (tenant_id, campaign_id, created_at);
create index draws_by_first on lottery.draws (tenant_id, redraw_of) where redraw_of is not null;
select platform.register_tenant_table('lottery.draws', 'SELECT, INSERT, UPDATE');

-- The published list of a run draw, in order: each chance's pseudonym and its entrant's, and (private) the
-- entry and entrant they stand for. A re-draw copies the pseudonyms of the first draw.
create table lottery.draw_chances (
    tenant_id   uuid not null,
    draw_id     uuid not null,
    position    int  not null check (position >= 0),
    chance      text not null check (chance ~ '^[0-9a-f]{32}$'),
    entrant     text not null check (entrant ~ '^[0-9a-f]{32}$'),
    entry_id    uuid,
    entrant_id  uuid not null,
    primary key (tenant_id, draw_id, position),
    unique (tenant_id, draw_id, chance),
    foreign key (tenant_id, draw_id) references lottery.draws (tenant_id, id)
);
select platform.register_tenant_table('lottery.draw_chances', 'SELECT, INSERT');
select platform.exempt_from_audit('lottery.draw_chances',
    'the list of a run draw, written once with it: the captured draw row holds its SHA-256 (entries_digest) and count, and the public record publishes it');

-- The winners of a draw in the order drawn, the prize each received and the award rewards made of it.
create table lottery.draw_winners (
    tenant_id   uuid not null,
    draw_id     uuid not null,
    rank        int  not null check (rank >= 1),
    chance      text not null,
    entry_id    uuid,
    entrant_id  uuid not null,
    prize_id    uuid not null,
    award_id    uuid not null,
    primary key (tenant_id, draw_id, rank),
    unique (tenant_id, draw_id, chance),
    unique (tenant_id, award_id),
    foreign key (tenant_id, draw_id) references lottery.draws (tenant_id, id),
    foreign key (tenant_id, prize_id) references lottery.prizes (tenant_id, id)
);
select platform.register_tenant_table('lottery.draw_winners', 'SELECT, INSERT');

-- Wins of a draw that lapsed (rewards' AwardLapsed), once each, and the re-draw that replaced them.
create table lottery.draw_lapses (
    tenant_id    uuid        not null,
    award_id     uuid        not null,
    draw_id      uuid        not null,
    first_draw   uuid        not null,
    entrant_id   uuid        not null,
    prize_id     uuid        not null,
    lapsed_at    timestamptz not null,
    redraw_id    uuid,
    primary key (tenant_id, award_id),
    foreign key (tenant_id, draw_id) references lottery.draws (tenant_id, id),
    foreign key (tenant_id, first_draw) references lottery.draws (tenant_id, id),
    foreign key (tenant_id, redraw_id) references lottery.draws (tenant_id, id)
);
create index draw_lapses_by_first on lottery.draw_lapses (tenant_id, first_draw);
select platform.register_tenant_table('lottery.draw_lapses', 'SELECT, INSERT, UPDATE');
