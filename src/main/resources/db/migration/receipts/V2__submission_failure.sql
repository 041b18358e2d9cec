-- Why a submission could not be read, as a stable code (its text for people is in the message bundles):
-- set when the reading job goes to the dead letter, cleared when an operator's retry reads it after all.
alter table receipts.submissions
    add column failure_reason text check (failure_reason in ('reading_failed', 'reading_interrupted'));
alter table receipts.submissions
    add constraint submissions_failed_has_reason check ((status = 'failed') = (failure_reason is not null));
