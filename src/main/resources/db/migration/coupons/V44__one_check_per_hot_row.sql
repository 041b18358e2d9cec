-- The tables an acquisition or a redemption writes one row per statement into get one CHECK constraint each,
-- calling a PL/pgSQL function with the rules of the constraints it replaces (decision 167). PostgreSQL plans
-- a table's CHECK expressions again at the start of every statement that writes it; for these one-row
-- statements that planning (IN lists, length()) cost more of the database's CPU than the row. A PL/pgSQL
-- function's expressions are planned once per connection. Simple comparisons (remaining >= 0, taken >= 1)
-- cost next to nothing to plan and stay as they are. Null arguments pass where the old constraint let them.

create function coupons.instance_is_well_formed(code text, source text, uses_total int, uses_left int,
                                                holder_id uuid, holder_slot int) returns boolean
    language plpgsql immutable parallel safe
as $$
begin
    return code ~ '^[0-9A-Z]{8,20}$'
       and source in ('acquired', 'issued', 'serial', 'lottery')
       and uses_total >= 1
       and uses_left >= 0 and uses_left <= uses_total
       and (holder_id is null) = (holder_slot is null);
end $$;

alter table coupons.instances
    drop constraint instances_code_check,
    drop constraint instances_source_check,
    drop constraint instances_uses_total_check,
    drop constraint instances_check,
    drop constraint instances_check1,
    add constraint instances_well_formed
        check (coupons.instance_is_well_formed(code, source, uses_total, uses_left, holder_id, holder_slot));

create function coupons.holder_is_well_formed(reference text, reference_sealed bytea, reference_lookup bytea)
    returns boolean
    language plpgsql immutable parallel safe
as $$
begin
    return (reference is null or length(reference) between 1 and 254)
       and (reference_sealed is not null or reference is not null)
       and (reference_sealed is null) = (reference_lookup is null);
end $$;

alter table coupons.holders
    drop constraint holders_reference_check,
    drop constraint holders_sealed_or_plain,
    drop constraint holders_lookup_with_sealed,
    add constraint holders_well_formed
        check (coupons.holder_is_well_formed(reference, reference_sealed, reference_lookup));

create function coupons.rate_limit_is_well_formed(bucket text, key_sha256 bytea, hits int) returns boolean
    language plpgsql immutable parallel safe
as $$
begin
    return length(bucket) between 1 and 40
       and length(key_sha256) = 32
       and hits >= 0;
end $$;

alter table coupons.rate_limits
    drop constraint rate_limits_bucket_check,
    drop constraint rate_limits_key_sha256_check,
    drop constraint rate_limits_hits_check,
    add constraint rate_limits_well_formed
        check (coupons.rate_limit_is_well_formed(bucket, key_sha256, hits));

create function coupons.redemption_is_well_formed(proof text, idempotency_key text, value bigint,
                                                  uses_left_after int, reversed_at timestamptz,
                                                  reversed_reason text) returns boolean
    language plpgsql immutable parallel safe
as $$
begin
    return proof in ('api', 'staff', 'pin', 'store_qr', 'token')
       and (idempotency_key is null or length(idempotency_key) between 1 and 200)
       and value >= 0
       and uses_left_after >= 0
       and (reversed_reason is null or length(reversed_reason) between 1 and 500)
       and (reversed_at is null) = (reversed_reason is null);
end $$;

alter table coupons.redemptions
    drop constraint redemptions_proof_check,
    drop constraint redemptions_idempotency_key_check,
    drop constraint redemptions_value_check,
    drop constraint redemptions_uses_left_after_check,
    drop constraint redemptions_reversed_reason_check,
    drop constraint redemptions_check,
    add constraint redemptions_well_formed
        check (coupons.redemption_is_well_formed(proof, idempotency_key, value, uses_left_after, reversed_at,
                                                 reversed_reason));
