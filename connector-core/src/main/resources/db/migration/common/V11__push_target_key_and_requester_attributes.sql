-- The push budget's key: the provider's user id in the one normalised form of an address
-- (EmailAddresses.normalize), so that one person reached as Alice@Corp.example and as
-- alice@corp.example shares one anti-fatigue budget. Rows written before are folded here; lower()
-- and Java's Locale.ROOT lower-casing agree on the ASCII addresses and ids providers use.
alter table verification_case add column push_target_key varchar(500);
update verification_case set push_target_key = lower(provider_user_id)
  where provider_user_id is not null;
create index ix_case_push_target_key on verification_case (provider, push_target_key);

-- Directory attributes the ticket system vouches for about the requester (ServiceNow user_name,
-- employee_number), as a JSON object; providers may map the push target by one of them.
alter table verification_case add column requester_attributes varchar(4000);
