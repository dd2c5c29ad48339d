-- One row per ticket that got (or is getting) a "possibly sensitive" note: the note is posted once,
-- never on every scan. 'posting' rows older than a few minutes belong to an interrupted post and are
-- taken over by the next delivery of the ticket, which looks for the note's marker before posting.
create table ticket_hint (
  ticket_system varchar(100) not null,
  ticket_key    varchar(255) not null,
  state         varchar(10)  not null,
  claimed_at    timestamp(6) with time zone not null,
  primary key (ticket_system, ticket_key)
);
