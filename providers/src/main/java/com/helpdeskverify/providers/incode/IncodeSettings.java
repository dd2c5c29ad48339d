package com.helpdeskverify.providers.incode;

import com.helpdeskverify.core.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * @param integrationReference the Helpdesk integration's reference from Incode's Dashboard; it
 *     names the integration, the same for every case
 * @param apiKey the Omni API key, sent as {@code x-api-key} on Omni calls
 */
record IncodeSettings(
    String integrationReference,
    Secret apiKey,
    IncodePushProvider.Delivery delivery,
    Duration deadline) {
  IncodeSettings {
    Objects.requireNonNull(integrationReference, "integrationReference");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadline, "deadline");
  }
}
