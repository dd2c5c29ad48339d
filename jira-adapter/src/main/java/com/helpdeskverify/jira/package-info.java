/**
 * {@code TicketSystem} for Jira Service Management Cloud (REST v3) and Jira Data Center (REST v2).
 * Not built yet: see the open Jira adapter issue.
 */
package com.helpdeskverify.jira;
