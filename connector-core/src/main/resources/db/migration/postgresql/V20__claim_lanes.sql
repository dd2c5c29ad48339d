-- The H2 migration of the same version says why; PostgreSQL keeps a generated column only stored.
alter table verification_case add column awaits_push boolean generated always as (state = 'CHALLENGED') stored;
create index ix_case_due_lane on verification_case (active, awaits_push, next_action_at);
drop index ix_case_due_push;
drop index ix_case_due;
