-- Review workbench (decision 087): a reviewer holds an entry while looking at it, so that two reviewers
-- never work on the same entry at once. A claim lasts a few minutes and is renewed while the reviewer
-- stays on the entry; an expired claim may be taken by anyone. Taken in one statement (an upsert whose
-- update only happens when the row is the caller's own or expired), so concurrent claims cannot both win.
create table receipts.review_claims (
    tenant_id    uuid        not null,
    entry_id     uuid        not null,
    reviewer_id  uuid        not null,
    claimed_at   timestamptz not null,
    expires_at   timestamptz not null,
    primary key (tenant_id, entry_id),
    foreign key (tenant_id, entry_id) references receipts.entries (tenant_id, id),
    check (expires_at > claimed_at)
);
select platform.register_tenant_table('receipts.review_claims');

-- The review queue reads the entries in review, oldest first, across a tenant's campaigns or of one.
create index entries_in_review on receipts.entries (tenant_id, created_at, id) where status = 'review';
