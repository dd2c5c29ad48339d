-- Lets a claim read each of its two lanes, pending pushes and other work, from the longest due
-- and stop after the rows it takes. With 10,000 pushes pending, the read of other work went
-- through ix_case_due (active, next_action_at) and stepped over every due pending push to find
-- the few others (6,858 rows a claim to return none), and the read of pending pushes went through
-- ix_case_due_push in deadline order and stepped over every push not yet due (2,291 rows a claim
-- to return two; most of them once re-reads are paced): most of the service's CPU (BENCHMARKS.md,
-- "Claims that stepped over the pending pushes"). A computed column keeps the lane with the
-- state; the PostgreSQL migration of the same version says the same in its words.
alter table verification_case add column awaits_push boolean generated always as (state = 'CHALLENGED');
create index ix_case_due_lane on verification_case (active, awaits_push, next_action_at);
-- Nothing reads through these any more; one index fewer each to write with every case's step.
drop index ix_case_due_push;
drop index ix_case_due;
