-- Lets a claim read the pending pushes it takes first in the order it wants them (soonest deadline
-- first) and stop after the few it takes, instead of reading and sorting every due case: with
-- thousands of cases due (a burst), sorting them all on every claim was most of the service's
-- work (BENCHMARKS.md, "The claim's sort"). Other due work is read the same way through ix_case_due.
create index ix_case_due_push on verification_case (active, state, push_deadline, next_action_at);
