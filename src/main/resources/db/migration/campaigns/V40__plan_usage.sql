-- A campaign archived gives its place in the plan's campaign cap back (decision 145), on whatever path
-- archives it. Taking the place is the create's conditional statement (PlanLimits.take).
create function campaigns.release_plan_usage() returns trigger language plpgsql as $$
begin
    if old.status <> 'archived' and new.status = 'archived' then
        update tenancy.usage set used = used - 1
         where tenant_id = new.tenant_id and counter = 'campaigns' and period = '' and used > 0;
    end if;
    return null;
end $$;
create trigger campaign_plan_usage after update of status on campaigns.campaigns
    for each row execute function campaigns.release_plan_usage();
