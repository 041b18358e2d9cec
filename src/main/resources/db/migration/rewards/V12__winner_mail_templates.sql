-- Winner e-mail per campaign (docs/modules/rewards.md, "Winner e-mail"): the tenant's own subject and body of
-- each kind of message in each language, overriding the defaults of the bundles, and the language a
-- campaign's winners are written to (decision 126).
create table rewards.mail_templates (
    tenant_id    uuid        not null,
    campaign_id  uuid        not null,
    kind         text        not null check (kind in ('address_request', 'shipped', 'lapsed')),
    locale       text        not null check (locale in ('ja', 'en')),
    subject      text        not null check (length(subject) between 1 and 200),
    body         text        not null check (length(body) between 1 and 5000),
    updated_at   timestamptz not null,
    primary key (tenant_id, campaign_id, kind, locale)
);
select platform.register_tenant_table('rewards.mail_templates');

create table rewards.mail_settings (
    tenant_id    uuid        not null,
    campaign_id  uuid        not null,
    locale       text        not null default 'ja' check (locale in ('ja', 'en')),
    updated_at   timestamptz not null,
    primary key (tenant_id, campaign_id)
);
select platform.register_tenant_table('rewards.mail_settings');
