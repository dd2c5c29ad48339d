package com.helpdeskverify.core.spi;

/**
 * A call to a ticket system or provider failed. The message names the system, the call and the
 * status, and never carries a secret.
 */
public abstract sealed class IntegrationFailure extends RuntimeException
    permits TransientFailure, PermanentFailure {
  private final String system;
  private final String call;

  protected IntegrationFailure(String system, String call, String message, Throwable cause) {
    super(system + " " + call + ": " + message, cause);
    this.system = system;
    this.call = call;
  }

  /** The configured id of the ticket system or provider. */
  public String system() {
    return system;
  }

  /** The operation, such as "POST /auth/v2/auth". */
  public String call() {
    return call;
  }
}
