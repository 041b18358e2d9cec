-- One audit entry per acquisition and per use instead of two and three (bench/coupons: each entry and its
-- sealing cost about 1.2 ms of database time, half of an acquisition's). What stays captured says it all:
-- an acquisition is the instance inserted (with its holder_id); a use is the redemption inserted (with its
-- instance, store, proof and the uses left after it); a reversal is the redemption updated, with its reason.
select platform.exempt_from_audit('coupons.holders',
    'a holder is inserted only with the first instance it holds, whose captured insert names it by holder_id');
select platform.ignore_columns_in_audit('coupons.instances', array['uses_left'],
    'uses_left changes only with a redemption inserted or reversed, and those changes are captured with the count');
