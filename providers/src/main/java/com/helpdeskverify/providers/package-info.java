/**
 * {@code PushProvider} implementations, one subpackage per vendor (Entra, Duo, Okta Verify,
 * Traceless, Incode). Not built yet: see the open push providers issue.
 */
package com.helpdeskverify.providers;
