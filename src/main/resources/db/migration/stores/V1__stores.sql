-- A tenant's stores (店舗): the shops its campaigns' receipts come from. The *_key columns hold the
-- folded form of a name (shared.FoldedText: NFKC, kana and width folded, no spaces or punctuation),
-- written by the application, so that "ｾﾌﾞﾝ 渋谷店" and "セブン渋谷店" are one store and searches and
-- matches ignore how a name was typed. phone_digits is the phone number with its digits only.
create table stores.stores (
    tenant_id            uuid        not null,
    id                   uuid        not null,
    name                 text        not null check (length(name) between 1 and 200),
    name_key             text        not null check (length(name_key) between 1 and 200),
    chain                text        not null default '' check (length(chain) <= 200),
    chain_key            text        not null default '',
    branch               text        not null default '' check (length(branch) <= 200),
    branch_key           text        not null default '',
    prefecture           text        check (length(prefecture) between 2 and 4),
    phone                text        check (length(phone) <= 20),
    phone_digits         text        check (phone_digits ~ '^0[0-9]{9,10}$'),
    registration_number  text        check (registration_number ~ '^T[0-9]{13}$'),
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, name_key),
    check ((phone is null) = (phone_digits is null))
);
-- one store per branch of a chain; stores without a chain are told apart by their name alone
create unique index stores_chain_branch on stores.stores (tenant_id, chain_key, branch_key) where chain_key <> '';
create index stores_by_phone on stores.stores (tenant_id, phone_digits) where phone_digits is not null;
create index stores_by_registration on stores.stores (tenant_id, registration_number)
    where registration_number is not null;
select platform.register_tenant_table('stores.stores');
