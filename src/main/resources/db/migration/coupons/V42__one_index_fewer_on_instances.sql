-- One index fewer to write with each instance (decision 166, bench/coupons). The uniqueness of a holder's
-- slots on a coupon, led by the holder instead of the coupon, also finds a holder's instances ("my coupons",
-- a holder's erasure and the foreign key to coupons.holders), which instances_by_holder was kept for; a
-- coupon's instances are found by instances_by_coupon, as before.
alter table coupons.instances
    add constraint instances_holder_slot unique (tenant_id, holder_id, coupon_id, holder_slot);
alter table coupons.instances drop constraint instances_tenant_id_coupon_id_holder_id_holder_slot_key;
drop index coupons.instances_by_holder;
