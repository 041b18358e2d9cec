-- Themes (decision 149): a tenant's colours and custom CSS, and a campaign's own on top of them. The custom CSS
-- is stored as sent (for the settings form) and as sanitised (what is served, as a stylesheet of our origin).
-- scope is 'tenant' for the tenant's theme and 'campaign' for a campaign's (then campaign_id is set).
create table campaigns.themes (
    tenant_id     uuid        not null,
    id            uuid        not null,
    scope         text        not null check (scope in ('tenant', 'campaign')),
    campaign_id   uuid,
    primary_color text        check (primary_color ~ '^#[0-9a-f]{6}$'),
    accent_color  text        check (accent_color ~ '^#[0-9a-f]{6}$'),
    custom_css    text        not null default '' check (length(custom_css) <= 20000),
    sanitised_css text        not null default '',
    updated_at    timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, campaign_id) references campaigns.campaigns (tenant_id, id) on delete cascade,
    check ((scope = 'tenant') = (campaign_id is null))
);
create unique index themes_one_per_tenant on campaigns.themes (tenant_id) where scope = 'tenant';
create unique index themes_one_per_campaign on campaigns.themes (tenant_id, campaign_id) where scope = 'campaign';
select platform.register_tenant_table('campaigns.themes');
