-- Japan Post's postal codes (郵便番号データ, KEN_ALL), one row per (postal code, address) after the
-- loader's clean-up: the same for every tenant, so a platform table. Replaced whole by
-- `tokuten postal-codes load` (one transaction: readers see the old set until the new one commits).
create table rewards.postal_codes (
    postal_code          char(7)  not null check (postal_code ~ '^[0-9]{7}$'),
    seq                  smallint not null,
    local_government_code char(5) not null,
    prefecture           text     not null,
    city                 text     not null,
    town                 text     not null,
    prefecture_kana      text     not null,
    city_kana            text     not null,
    town_kana            text     not null,
    primary key (postal_code, seq)
);
select platform.register_platform_table('rewards.postal_codes');
select platform.exempt_from_audit('rewards.postal_codes',
    'public reference data of Japan Post, replaced whole (about 120,000 rows) by each load; '
    || 'the load itself is a meaning entry postal_codes.loaded with its source, row count and SHA-256');
