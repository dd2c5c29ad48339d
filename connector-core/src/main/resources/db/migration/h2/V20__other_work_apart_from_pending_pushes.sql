-- Lets a claim read the due work other than pending pushes without stepping over the pushes that
-- are due too. Through ix_case_due (active, next_action_at) it read every due CHALLENGED case to
-- find the few others: with 10,000 pushes pending and their tickets' re-reads coming due faster
-- than the workers took them, 6,858 rows a claim to return none, most of the service's CPU
-- (BENCHMARKS.md, "Claims that stepped over the pending pushes"). A computed column keeps the
-- lane with the state; the PostgreSQL migration of the same version says the same in its words.
alter table verification_case add column awaits_push boolean generated always as (state = 'CHALLENGED');
create index ix_case_due_other on verification_case (active, awaits_push, next_action_at);
