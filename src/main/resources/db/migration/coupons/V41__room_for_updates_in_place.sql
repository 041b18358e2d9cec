-- Room on each page for the rows that are updated in place (decision 153, bench/coupons). A row updated
-- on a full page moves to another page with a new entry in every index (no HOT update), and rows that are
-- updated thousands of times a second and share one page (a coupon's 64 count stripes, its cap and budget
-- stripes) keep that page full of dead versions that others' pins stop from being pruned; their index
-- fills with entries for the same few keys. With a low fill factor a coupon's stripes spread over several
-- pages, each with room for versions updated in place; an instance keeps room on its page for its one
-- update at the counter. Applies to pages written from now on (new coupons and instances).
alter table coupons.coupon_counts set (fillfactor = 10);
alter table coupons.cap_stripes set (fillfactor = 10);
alter table coupons.budget_stripes set (fillfactor = 10);
alter table coupons.instances set (fillfactor = 80);
