/**
 * In-memory stand-ins for a ticket system and a push provider whose users answer as scripted. They
 * drive the workflow in tests and in the self-contained demo; they are never wired into a real
 * deployment.
 */
package com.helpdeskverify.core.simulation;
