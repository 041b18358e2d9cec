-- A tenant's receipt campaigns (レシートキャンペーン) and their eligibility rules. Target products, the
-- entry form's fields and the eligible stores are small lists read whole with the campaign, so they are
-- kept on its row. Dates are business dates in Asia/Tokyo.
create table campaigns.campaigns (
    tenant_id            uuid        not null,
    id                   uuid        not null,
    name                 text        not null check (length(name) between 1 and 200),
    status               text        not null default 'draft'
                                     check (status in ('draft', 'open', 'closed', 'archived')),
    purchase_from        date        not null,
    purchase_to          date        not null,
    entry_from           date        not null,
    entry_to             date        not null,
    upload_grace_days    integer     not null default 0 check (upload_grace_days between 0 and 60),
    minimum_total        bigint      check (minimum_total >= 0),
    per_entrant_per_day  integer     check (per_entrant_per_day > 0),
    per_entrant_total    integer     check (per_entrant_total > 0),
    receipts_per_entry   integer     not null default 1 check (receipts_per_entry between 1 and 10),
    target_products      jsonb       not null default '[]',
    store_names          text[]      not null default '{}',
    store_chains         text[]      not null default '{}',
    prefectures          text[]      not null default '{}',
    form_fields          jsonb       not null default '[]',
    landing_text         text        not null default '' check (length(landing_text) <= 20000),
    terms                text        not null default '' check (length(terms) <= 50000),
    landing_image_id     uuid,
    preview_token        text        not null check (length(preview_token) >= 22),
    fraud_action         text        not null default 'review' check (fraud_action in ('block', 'review')),
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    opened_at            timestamptz,
    closed_at            timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, preview_token),
    check (purchase_from <= purchase_to),
    check (entry_from <= entry_to),
    check (per_entrant_per_day is null or per_entrant_total is null or per_entrant_per_day <= per_entrant_total)
);
create index campaigns_by_status on campaigns.campaigns (tenant_id, status, entry_from);
select platform.register_tenant_table('campaigns.campaigns');
