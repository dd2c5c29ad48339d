-- The (key, updated) pairs a scan delivered to intake near its watermark: a ticket re-read in the
-- overlap is recognised as delivered by what it is, never by its position against the watermark.
create table scan_delivered (
  ticket_system varchar(100) not null,
  ticket_key varchar(255) not null,
  updated_at timestamp(6) with time zone not null,
  primary key (ticket_system, ticket_key, updated_at)
);
