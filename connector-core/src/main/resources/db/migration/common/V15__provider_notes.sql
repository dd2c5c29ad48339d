-- Short-lived provider facts shared by the nodes (ProviderNotes): a callback's verified result
-- written by the node that received it, read by the node that works the case.
create table provider_note (
  note_key   varchar(200) not null primary key,
  note_value varchar(2000) not null,
  expires_at timestamp(6) with time zone not null
);

create index ix_provider_note_expiry on provider_note (expires_at);
