-- Judgement of entries: what a reviewer corrected, the identity signals an entry carries, and whether it
-- holds a place in its entrant's limits (counted at submission, released when the entry is rejected).
alter table receipts.entries
    add column device_id    text check (length(device_id) <= 200),
    add column address_hash text,
    add column counted_on   date,
    add column corrections  jsonb not null default '{}';
create index entries_by_device on receipts.entries (tenant_id, campaign_id, device_id) where device_id is not null;
create index entries_by_address on receipts.entries (tenant_id, campaign_id, address_hash) where address_hash is not null;

-- Per-entrant limits: one counter row per campaign, entrant and business day (Asia/Tokyo), and one for
-- the whole campaign (day '-infinity'). A submission takes a place in both with one conditional upsert,
-- so no burst can exceed a limit.
create table receipts.entrant_counters (
    tenant_id    uuid    not null,
    campaign_id  uuid    not null,
    entrant_id   uuid    not null,
    day          date    not null,
    entries      integer not null check (entries >= 0),
    primary key (tenant_id, campaign_id, entrant_id, day)
);
select platform.register_tenant_table('receipts.entrant_counters');

-- One receipt counts once across the tenant: the fingerprint of its content (store, date and time,
-- receipt number, total) and, when the reading carries one, the perceptual hash of its photo, held by the
-- entry that sent it first. Released when that entry is rejected.
create table receipts.receipt_fingerprints (
    tenant_id     uuid        not null,
    kind          text        not null check (kind in ('content', 'image')),
    fingerprint   text        not null check (length(fingerprint) between 1 and 200),
    entry_id      uuid        not null,
    submission_id uuid        not null,
    created_at    timestamptz not null default now(),
    primary key (tenant_id, kind, fingerprint),
    foreign key (tenant_id, entry_id) references receipts.entries (tenant_id, id),
    foreign key (tenant_id, submission_id) references receipts.submissions (tenant_id, id)
);
create index receipt_fingerprints_by_entry on receipts.receipt_fingerprints (tenant_id, entry_id);
select platform.register_tenant_table('receipts.receipt_fingerprints');
