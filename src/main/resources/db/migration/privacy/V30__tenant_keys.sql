-- Each tenant's data key for its personal data (module privacy, issue 14, decision 143): 32 random bytes
-- wrapped (AES-256-GCM, the tenant id as associated data) by the master key from configuration, which is
-- never in the database. One per tenant, made on first use and never changed; deleted with the tenant, so
-- that the personal data its older backups hold can no longer be read. The column name keeps the wrapped
-- key out of the audit log's values (masked as a secret).
create table privacy.tenant_keys (
    tenant_id       uuid        not null,
    wrapped_secret  bytea       not null,
    created_at      timestamptz not null,
    primary key (tenant_id)
);
select platform.register_tenant_table('privacy.tenant_keys', 'SELECT, INSERT');
