-- Everyone-gets courses (もれなく, decision 150): an approved entry that qualifies is given the course's prize
-- when it is approved, recorded as a play that won (chance 1) keyed by the entry, each receipt or the entrant;
-- a course that needs points gives it when an entrant exchanges their points, a play of its own without an
-- entry.
alter table lottery.plays alter column entry_id drop not null;
alter table lottery.plays drop constraint if exists plays_source_check;
alter table lottery.plays add column source text not null default 'instant_win'
    check (source in ('instant_win', 'everyone', 'exchange'));
