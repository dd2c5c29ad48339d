/**
 * Behaviour the push providers of this module share: circuit breaking, OAuth token caching, the
 * provider user name from the authenticated requester.
 */
package com.helpdeskverify.providers.support;
