package com.helpdeskverify.scheduler.jobs;

/** What the jobs call: the service, behind the two things jobs may ask of it. */
public interface JobTarget {
  void scan(String ticketSystemId);

  void advanceDueCases();
}
