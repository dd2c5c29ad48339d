-- How people know the ticket (INC0010001), for messages and push prompts; the key stays the identity.
alter table verification_case add column ticket_label varchar(255);
