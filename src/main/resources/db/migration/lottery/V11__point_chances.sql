-- Chances in a closed draw bought with points (decision 119): each row one chance of the entrant in the
-- course's draw, for the course's points_needed, spent from rewards' balance in the same transaction.
create table lottery.point_chances (
    tenant_id    uuid        not null,
    id           uuid        not null,
    course_id    uuid        not null,
    campaign_id  uuid        not null,
    entrant_id   uuid        not null,
    points       int         not null check (points >= 1),
    created_at   timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, course_id) references lottery.courses (tenant_id, id)
);
create index point_chances_by_course on lottery.point_chances (tenant_id, course_id, created_at, id);
create index point_chances_by_entrant on lottery.point_chances (tenant_id, entrant_id, course_id);
select platform.register_tenant_table('lottery.point_chances', 'SELECT, INSERT');
