-- A second purpose: the landing page image of a campaign (re-encoded like a receipt photo, so also JPEG).
-- Served publicly on the campaign's landing page, never a receipt photo.
alter table files.stored_files drop constraint stored_files_purpose_check;
alter table files.stored_files add constraint stored_files_purpose_check
    check (purpose in ('receipt_photo', 'campaign_image'));
