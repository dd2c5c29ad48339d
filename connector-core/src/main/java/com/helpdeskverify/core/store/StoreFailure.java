package com.helpdeskverify.core.store;

/** The case store could not read or write (database down, schema broken). */
public final class StoreFailure extends RuntimeException {
  StoreFailure(String what, Throwable cause) {
    super("case store: " + what + ": " + cause.getMessage(), cause);
  }
}
