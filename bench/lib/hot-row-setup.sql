-- The raw PostgreSQL limit for one hot row (bench/coupons, bench/lottery): one counter row that every client takes one unit
-- from with a conditional update, and a log row inserted in the same transaction, as an acquisition takes a
-- unit of a coupon's cap and inserts its instance. Run as the embedded server's owner in a database of its own.
create table hot (
    id int primary key,
    remaining bigint not null check (remaining >= 0)
);
create table hot_log (
    id bigserial primary key,
    hot_id int not null,
    client int not null,
    remaining bigint not null,
    code text not null,
    at timestamptz not null default now()
);
insert into hot values (1, 1000000000000);
vacuum analyze hot;
