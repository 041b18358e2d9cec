-- Files kept for a tenant: the clean (re-encoded, metadata-free) copy of an upload. The bytes live in
-- the file storage under storage_key; sha256 is checked again whenever they are read.
create table files.stored_files (
    tenant_id    uuid not null,
    id           uuid not null,
    purpose      text not null check (purpose in ('receipt_photo')),
    content_type text not null check (content_type in ('image/jpeg')),
    size_bytes   bigint not null check (size_bytes > 0),
    sha256       bytea not null check (length(sha256) = 32),
    storage_key  text not null,
    width        integer not null,
    height       integer not null,
    created_at   timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, storage_key)
);
select platform.register_tenant_table('files.stored_files');
