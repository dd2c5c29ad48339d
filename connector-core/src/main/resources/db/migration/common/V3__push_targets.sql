-- One row per push target (a provider's user), locked while a push to it is counted and reserved,
-- so that nodes racing to prompt the same person cannot exceed the anti-fatigue limit together.
create table push_target (
  provider         varchar(100) not null,
  provider_user_id varchar(500) not null,
  primary key (provider, provider_user_id)
);

create index ix_case_push_target on verification_case (provider, provider_user_id);
create index ix_history_state_at on case_history (to_state, at);
