-- A submission may be several photos of one long receipt: photo_id is the first, page_ids the rest in
-- order. known_stores: the store names of the campaign, handed to the reader (decision 023).
alter table receipts.submissions add column page_ids uuid[] not null default '{}';
alter table receipts.submissions add column known_stores text[] not null default '{}';
-- A photo that passed the request-time check but cannot be decoded is judged unreadable by the job.
alter table receipts.submissions drop constraint submissions_failure_reason_check;
alter table receipts.submissions
    add constraint submissions_failure_reason_check
        check (failure_reason in ('reading_failed', 'reading_interrupted', 'unreadable_image'));
