-- Receipt photos sent for reading in the background: stored at once, read by a job on any node.
create table receipts.submissions (
    tenant_id  uuid        not null,
    id         uuid        not null,
    photo_id   uuid        not null,
    file_name  text        not null default '' check (length(file_name) <= 255),
    status     text        not null default 'queued' check (status in ('queued', 'read', 'failed')),
    reading    jsonb,
    error      text,
    created_at timestamptz not null,
    read_at    timestamptz,
    primary key (tenant_id, id)
);
select platform.register_tenant_table('receipts.submissions');
