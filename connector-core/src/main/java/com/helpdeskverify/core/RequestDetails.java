package com.helpdeskverify.core;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a ticket system knows about a request beyond its summary and description.
 *
 * @param labels routing marks a technician sets (Jira labels); they say how to handle the ticket,
 *     not what is asked, so they are not part of the request's fingerprint
 * @param fields the fields that define what is asked, by a stable name of the adapter's choosing
 *     ({@code requestType}, {@code catalogItem}, {@code category}, {@code variable:user_to_reset},
 *     {@code customfield_10010}, {@code mention}, ...), as display text; part of the fingerprint,
 *     so editing one during verification makes a new attempt
 */
public record RequestDetails(SortedSet<String> labels, SortedMap<String, String> fields) {
  public static final RequestDetails NONE = new RequestDetails(new TreeSet<>(), new TreeMap<>());

  /**
   * The label an adapter adds when a technician marked the ticket for verification in the ticket
   * system's own way (Jira: the configured label; ServiceNow: the configured condition). It holds
   * spaces, which no Jira label can, so no label a person sets is ever taken for it.
   */
  public static final String VERIFICATION_REQUESTED = "helpdesk-verify: verification requested";

  /** {@link #fields()} key of the Jira Service Management request type's name. */
  public static final String REQUEST_TYPE = "requestType";

  /** {@link #fields()} key of the ServiceNow catalog item's name (requested items). */
  public static final String CATALOG_ITEM = "catalogItem";

  /** {@link #fields()} key of the ticket's category value. */
  public static final String CATEGORY = "category";

  /** {@link #fields()} key of the ticket's subcategory value. */
  public static final String SUBCATEGORY = "subcategory";

  public RequestDetails {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(fields, "fields");
    labels = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(labels));
    SortedMap<String, String> copy = new TreeMap<>();
    fields.forEach((k, v) -> copy.put(Text.requireNonBlank(k, "field name"), Text.orEmpty(v)));
    fields = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static RequestDetails of(Collection<String> labels, Map<String, String> fields) {
    return new RequestDetails(new TreeSet<>(labels), new TreeMap<>(fields));
  }

  public boolean hasLabel(String label) {
    return labels.stream().anyMatch(l -> l.equalsIgnoreCase(label));
  }

  /**
   * Whether a technician asked for the requester to be verified (see {@link
   * #VERIFICATION_REQUESTED}).
   */
  public boolean verificationRequested() {
    return labels.contains(VERIFICATION_REQUESTED);
  }

  /** These details marked as asked for verification by a technician. */
  public RequestDetails withVerificationRequested() {
    SortedSet<String> marked = new TreeSet<>(labels);
    marked.add(VERIFICATION_REQUESTED);
    return new RequestDetails(marked, fields);
  }
}
