/**
 * {@code PushProvider} implementations, one subpackage per vendor (Entra, Duo, Okta Verify,
 * Traceless, Incode). See providers/README.md for each provider, its configuration and the vendor
 * facts it relies on.
 */
package com.helpdeskverify.providers;
