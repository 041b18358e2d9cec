-- Entrants (応募者): the people who enter a tenant's campaigns, known for now by a verified e-mail
-- address (LINE users later, through the same table). Everything personal an entrant gives (the entry
-- form's name, address, phone …) is kept here and only here, in entrant_details, so that it can later
-- be encrypted per tenant; entries refer to it by id.
create table identity.entrants (
    tenant_id    uuid        not null,
    id           uuid        not null,
    email        text        not null check (length(email) between 3 and 254),
    blocked      boolean     not null default false,
    created_at   timestamptz not null,
    primary key (tenant_id, id)
);
create unique index entrants_email on identity.entrants (tenant_id, lower(email));
select platform.register_tenant_table('identity.entrants');

create table identity.entrant_details (
    tenant_id    uuid        not null,
    id           uuid        not null,
    entrant_id   uuid        not null,
    fields       jsonb       not null,
    created_at   timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, entrant_id) references identity.entrants (tenant_id, id)
);
create index entrant_details_by_entrant on identity.entrant_details (tenant_id, entrant_id);
select platform.register_tenant_table('identity.entrant_details');
