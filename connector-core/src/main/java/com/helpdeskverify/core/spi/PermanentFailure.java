package com.helpdeskverify.core.spi;

/** A failure retrying will not fix: bad credentials, missing permission or transition, 4xx. */
public final class PermanentFailure extends IntegrationFailure {
  public PermanentFailure(String system, String call, String message, Throwable cause) {
    super(system, call, message, cause);
  }
}
