package com.helpdeskverify.scheduler.jobs;

/** What the jobs call: the service, behind the two things jobs may ask of it. */
public interface JobTarget {
  void scan(String ticketSystemId);

  /**
   * Claims at most {@code limit} due cases and works them (sends, polls, deadlines, ticket moves).
   *
   * @return how many it claimed: as many as asked means more may be due
   */
  int advanceDueCases(int limit);
}
