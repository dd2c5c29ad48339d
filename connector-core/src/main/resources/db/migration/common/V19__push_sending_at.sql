-- When the case last moved to PUSH_SENDING: the push budget counts a person's cases that did so
-- within the hour. It joined case_history to verification_case for that, and a planner without
-- statistics (a new database; PostgreSQL before its first ANALYZE, or never with autovacuum off)
-- ran the join from every PUSH_SENDING row of the hour and read the whole case table for each:
-- 1.7 s a count at 2,000 cases, eight at a time in a burst (BENCHMARKS.md, "The push budget's
-- count without statistics"). On the case itself the count reads one table through the person's
-- index (ix_case_push_target_key), whatever the planner knows.
alter table verification_case add column push_sending_at timestamp(6) with time zone;
update verification_case set push_sending_at = (
  select max(h.at) from case_history h
  where h.case_id = verification_case.id and h.to_state = 'PUSH_SENDING');
-- Only the budget's count read it; one index fewer to write with every history line.
drop index ix_history_state_at;
