-- Audit rows are evidence: refuse to change or remove them even for a hand-written statement.
create function case_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'case_history is append-only (% refused)', tg_op;
end;
$$;

create trigger case_history_no_update_or_delete
  before update or delete on case_history
  for each row execute function case_history_append_only();
