package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the endpoint a business rule or flow calls when a record is inserted.
 *
 * @param verification how the caller proves it knows {@code secret}
 * @param maxAge how old a signed delivery may be (HMAC only)
 */
record PushIntake(Verification verification, Secret secret, Duration maxAge) {
  enum Verification {
    /** Header {@code X-HV-Secret} carries the secret itself. */
    SHARED_SECRET,
    /**
     * Header {@code X-HV-Signature} carries base64(HMAC-SHA256(secret, timestamp + "." + body)) and
     * {@code X-HV-Timestamp} the epoch seconds it was made at.
     */
    HMAC
  }

  PushIntake {
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(maxAge, "maxAge");
  }
}
