package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.TicketRef;

/**
 * A slower opinion on a ticket's text (an LLM, in classifier-llm), asked off the intake path:
 * intake decides with its classifier at once and offers the ticket here afterwards. Waiting on a
 * vendor must never hold a scan or webhook worker, nor delay the sensitive tickets behind a slow
 * answer.
 *
 * <p>An implementation queues the question and returns. When the answer would change the decision,
 * it hands the ticket back to intake (the service re-reads it, as for a webhook), and its
 * classifier then decides with the answer it now knows; intake never waits and never changes a
 * decision it has taken.
 */
public interface SecondOpinion {
  /**
   * Offers a ticket intake has just classified and opened no case for from a rule or a technician's
   * request. Returns at once; whether to ask is the implementation's choice (typically: not
   * sensitive, or sensitive with low confidence, and not yet asked about this text).
   *
   * @param summary the summary as the classifier read it
   * @param description the description with the request fields' text, as the classifier read it
   * @param writtenForRequester whether the text was read as an agent's, written for the requester
   * @param decided the classifier's decision
   */
  void offer(
      TicketRef ticket,
      String summary,
      String description,
      boolean writtenForRequester,
      Classification decided);
}
