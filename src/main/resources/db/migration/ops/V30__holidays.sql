-- Japanese public holidays (国民の祝日・休日), the calendar of business days that terminations count in
-- (deletion on the 10th business day after). Data, not code: seeded at start-up from the bundled file
-- (ops/holidays-jp.csv) when the table is empty, and replaced year by year by an operator
-- (PUT /api/v1/operator/holidays) from the Cabinet Office's syukujitsu.csv or a file like the bundled one.
create table ops.holidays (
    day        date        primary key,
    name       text        not null check (length(name) between 1 and 100),
    loaded_at  timestamptz not null
);
select platform.register_platform_table('ops.holidays', 'SELECT, INSERT, UPDATE, DELETE');
