/**
 * What the push providers of this module share beyond HTTP (which {@code connector-http} holds):
 * the provider user name from the authenticated requester.
 */
package com.helpdeskverify.providers.support;
