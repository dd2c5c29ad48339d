package com.helpdeskverify.llm;

/** Why the LLM stage had no answer to use; each falls back to the offline decision. */
public enum FailureKind {
  /** No answer within the timeout. */
  TIMEOUT,
  /** The endpoint answered with an error status (401, 404, 429, 5xx...). */
  HTTP_ERROR,
  /** The endpoint could not be reached. */
  UNREACHABLE,
  /** An answer came that is not a chat completion, or its content is not the JSON asked for. */
  MALFORMED,
  /** The model refused, or the endpoint's content filter withheld the answer. */
  REFUSAL,
  /** Not asked: the last calls failed, and calls pause for a while. */
  CIRCUIT_OPEN
}
