/**
 * {@code TicketSystem} for ServiceNow incidents and requested items over the Table API. Not built
 * yet: see the open ServiceNow adapter issue.
 */
package com.helpdeskverify.servicenow;
