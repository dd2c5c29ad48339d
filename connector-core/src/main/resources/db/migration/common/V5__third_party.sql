-- What in the ticket text says the request is for someone else's account (JSON list of strings);
-- such a case escalates instead of pushing. Empty list ("[]") when nothing does.
alter table verification_case add column third_party varchar(4000);
