package com.helpdeskverify.core;

/** The provider's id of one push or verification link (Duo txid, Okta transaction, ...). */
public record PushHandle(String id) {
  public PushHandle {
    Text.requireNonBlank(id, "push id");
  }
}
