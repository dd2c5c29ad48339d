package com.helpdeskverify.providers.incode;

import java.time.Duration;
import java.util.Objects;

/**
 * @param onboardingPath the path of Request New Onboarding under the API base URL
 */
record IncodeSettings(
    String integrationId,
    String onboardingPath,
    IncodePushProvider.Delivery delivery,
    Duration deadline) {
  IncodeSettings {
    Objects.requireNonNull(integrationId, "integrationId");
    Objects.requireNonNull(onboardingPath, "onboardingPath");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadline, "deadline");
  }
}
