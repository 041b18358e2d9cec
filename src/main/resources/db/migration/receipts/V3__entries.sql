-- Entries (応募) to a campaign: one or more receipts (each a submission, possibly of several photos), the
-- entrant and the entrant's form details (kept in the identity module, referred to by id), and the
-- judgement: approved, rejected or sent to review, with reason codes from a fixed list.
create table receipts.entries (
    tenant_id        uuid        not null,
    id               uuid        not null,
    campaign_id      uuid        not null,
    entrant_id       uuid        not null,
    details_id       uuid,
    status           text        not null default 'pending'
                                 check (status in ('pending', 'approved', 'rejected', 'review')),
    reasons          text[]      not null default '{}',
    resubmission_of  uuid,
    decided_by       uuid,
    created_at       timestamptz not null,
    judged_at        timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, resubmission_of) references receipts.entries (tenant_id, id)
);
create index entries_by_campaign on receipts.entries (tenant_id, campaign_id, created_at);
create index entries_by_entrant on receipts.entries (tenant_id, entrant_id, campaign_id);
create index entries_by_status on receipts.entries (tenant_id, campaign_id, status, created_at);
select platform.register_tenant_table('receipts.entries');

-- The receipts of an entry, in the order they were sent; a submission belongs to one entry at most.
create table receipts.entry_receipts (
    tenant_id      uuid    not null,
    entry_id       uuid    not null,
    position       integer not null check (position >= 0),
    submission_id  uuid    not null,
    primary key (tenant_id, entry_id, position),
    unique (tenant_id, submission_id),
    foreign key (tenant_id, entry_id) references receipts.entries (tenant_id, id),
    foreign key (tenant_id, submission_id) references receipts.submissions (tenant_id, id)
);
select platform.register_tenant_table('receipts.entry_receipts');
