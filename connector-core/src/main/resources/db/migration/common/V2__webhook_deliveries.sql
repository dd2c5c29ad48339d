-- Webhook deliveries seen, so a replay is refused on whichever node it reaches.
create table webhook_delivery (
  delivery_key varchar(200) not null primary key,
  expires_at   timestamp(6) with time zone not null
);

create index ix_webhook_delivery_expiry on webhook_delivery (expires_at);
