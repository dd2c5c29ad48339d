/** Behaviour the push providers of this module share: circuit breaking, OAuth token caching. */
package com.helpdeskverify.providers.support;
