-- The language the ticket is written in (ISO 639-1: en, de, fr, es, nl, pt), detected when the case
-- is opened, so that every later reply to the requester uses it; null when the text did not tell
-- (the configured default language is used) and for cases opened before this column.
alter table verification_case add column ticket_language varchar(8);
