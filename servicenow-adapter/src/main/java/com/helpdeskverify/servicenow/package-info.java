/**
 * {@code TicketSystem} for ServiceNow incidents and requested items over the Table API: {@link
 * com.helpdeskverify.servicenow.ServiceNowTicketSystem}, built by {@link
 * com.helpdeskverify.servicenow.ServiceNowTicketSystemFactory} (type {@code servicenow}).
 */
package com.helpdeskverify.servicenow;
