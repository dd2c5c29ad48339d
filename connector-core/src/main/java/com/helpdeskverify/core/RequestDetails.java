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
}
