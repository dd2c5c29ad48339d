-- Every node of the service checks in here (as Quartz's cluster check-in does): a restarted node
-- frees its own earlier claims at once, and the claims of a node silent too long are taken over.
create table service_node (
  node_id      varchar(255) not null primary key,
  started_at   timestamp(6) with time zone not null,
  heartbeat_at timestamp(6) with time zone not null
);
