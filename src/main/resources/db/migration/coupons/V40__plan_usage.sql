-- A coupon closed (by its editor, or when its budget is spent) gives its place in the plan's coupon cap back
-- (decision 145), on whatever path closes it. Taking the place is the create's conditional statement.
create function coupons.release_plan_usage() returns trigger language plpgsql as $$
begin
    if old.status <> 'closed' and new.status = 'closed' then
        update tenancy.usage set used = used - 1
         where tenant_id = new.tenant_id and counter = 'coupons' and period = '' and used > 0;
    end if;
    return null;
end $$;
create trigger coupon_plan_usage after update of status on coupons.coupons
    for each row execute function coupons.release_plan_usage();
