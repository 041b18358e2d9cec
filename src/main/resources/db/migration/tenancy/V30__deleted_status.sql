-- A tenant whose data has been deleted after its termination (module ops, issue 14): the row stays,
-- with its slug and name, as the record the deletion certificate names; nothing else of it remains.
alter table tenancy.tenants drop constraint tenants_status_check;
alter table tenancy.tenants add constraint tenants_status_check
    check (status in ('active', 'suspended', 'terminating', 'deleted'));
