-- Which node watches the push of a challenged case: the one holder of a live lease asks the
-- provider, so that one push never has two status calls open across the cluster. A lease that is
-- not renewed (its node stopped) runs out and another node takes the push over.
create table push_watch (
  case_id     varchar(36)  not null primary key,
  owner       varchar(200) not null,
  lease_until timestamp(6) with time zone not null
);

create index ix_push_watch_lease on push_watch (lease_until);
