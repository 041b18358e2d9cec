-- What the legal caps of a campaign are measured against (docs/modules/rewards.md, "Legal caps"): the value of
-- the transaction an entry needs (取引価額) and the sales the campaign expects (売上予定総額), as the tenant
-- states them; null until stated.
create table rewards.premium_settings (
    tenant_id           uuid        not null,
    campaign_id         uuid        not null,
    transaction_yen     bigint      check (transaction_yen between 0 and 100000000),
    expected_sales_yen  bigint      check (expected_sales_yen between 0 and 1000000000000),
    updated_at          timestamptz not null,
    primary key (tenant_id, campaign_id)
);
select platform.register_tenant_table('rewards.premium_settings');
