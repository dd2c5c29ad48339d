package com.helpdeskverify.testkit;

/**
 * Stands for the process dying at a point. An Error, so the workflow's failure handling does not
 * catch it: nothing after the point runs, exactly as after a SIGKILL.
 */
public final class SimulatedCrash extends Error {
  public SimulatedCrash(String where) {
    super("simulated crash " + where);
  }
}
