-- Store PINs and QR codes (issue 12, decision 106): how a coupon holder shows they are at the counter.
-- pin_secret: 4 digits a holder types on their phone while store staff watch. qr_token: the opaque part
-- of the URL the store's QR code encodes (/c/<tenant slug>/s/<qr_token>), 32 random bytes in base64url.
-- Both come from PostgreSQL's strong random source (gen_random_uuid, pg_strong_random): every existing
-- store gets its own when the column is added (a volatile default is evaluated per row), every new store
-- when it is inserted. The column names end in "secret" and "token" so that change capture masks them in
-- inserted and deleted rows (audit.masked); changes of them alone write no change entry (below), and the
-- application records store.pin_changed and store.qr_rotated without the value instead.

-- Four decimal digits from 32 random bits (the bias of the modulo is below 1 in 400,000).
create function stores.random_pin() returns text
    language plpgsql volatile
    set search_path = pg_catalog, pg_temp
as $body$
begin
    return lpad((('x' || left(replace(gen_random_uuid()::text, '-', ''), 8))::bit(32)::bigint % 10000)::text,
                4, '0');
end
$body$;

-- 43 URL-safe characters: the 32 bytes of two random (version 4) UUIDs, 244 of whose bits are random, in
-- base64url without padding.
create function stores.random_qr_token() returns text
    language plpgsql volatile
    set search_path = pg_catalog, pg_temp
as $body$
begin
    return rtrim(translate(encode(decode(replace(gen_random_uuid()::text, '-', '')
                                         || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64'),
                           '+/', '-_'), '=');
end
$body$;

alter table stores.stores
    add column pin_secret text not null default stores.random_pin() check (pin_secret similar to '[0-9]{4}'),
    add column qr_token   text not null default stores.random_qr_token()
        check (qr_token similar to '[A-Za-z0-9\_-]{22,100}');

create unique index stores_by_qr_token on stores.stores (tenant_id, qr_token);

select platform.ignore_columns_in_audit('stores.stores', array['pin_secret', 'qr_token'],
    'store PINs and QR tokens are secrets shown to staff; changes are recorded as store.pin_changed and'
    || ' store.qr_rotated meaning entries without the value');
