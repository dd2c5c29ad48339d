-- A push's watch is held by its node for as long as the node is registered in service_node, not
-- until a time each node renewed for every push it watched (with 10,000 pushes pending that was an
-- update of 10,000 rows every 3.3 s). A node taken over (takeOverSilentNodes) loses its watches in
-- the same transaction as its claims.
-- lease_until stays, nullable and no longer written, for one release: a node of the release before
-- this one, running beside new nodes during a rolling upgrade, neither fails on it nor takes a new
-- node's pushes (its own lease reads `lease_until < ?`, which is never true of null).
alter table push_watch alter column lease_until drop not null;
drop index ix_push_watch_lease;
-- The node's check of the watches it holds, and a takeover's delete of them, read by owner.
create index ix_push_watch_owner on push_watch (owner);
