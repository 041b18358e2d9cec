-- An upload is kept as it was sent (purpose receipt_original) from the request until the background job
-- has decoded it and stored its clean, re-encoded copy (receipt_photo); originals are never served.
alter table files.stored_files drop constraint stored_files_purpose_check;
alter table files.stored_files
    add constraint stored_files_purpose_check check (purpose in ('receipt_photo', 'receipt_original', 'campaign_image'));
alter table files.stored_files drop constraint stored_files_content_type_check;
alter table files.stored_files
    add constraint stored_files_content_type_check
        check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'image/heic'));
alter table files.stored_files
    add constraint stored_files_original_as_sent
        check (purpose in ('receipt_photo', 'campaign_image') and content_type = 'image/jpeg' or purpose = 'receipt_original');
