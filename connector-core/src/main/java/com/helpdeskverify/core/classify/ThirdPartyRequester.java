package com.helpdeskverify.core.classify;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the ticket system says about the requester, as the third-party check needs it: their own
 * address, and the user names and name words derived from it and from their display name. A
 * reference in the text to any of these is the requester's own account, not someone else's.
 *
 * <p>The forms are derived, not looked up: "john.doe@acme.com" owns "john.doe", "jdoe", "j.doe",
 * "doe.john", "johndoe", "john" and "doe". An address's local part that is not a name
 * ("attacker@acme.com") owns only itself.
 *
 * <p>{@code email}: the requester's address, when the ticket system discloses it; {@code
 * displayName}: the requester's display name, empty when unknown.
 */
final class ThirdPartyRequester {
  // Compiled once, not on every call as String.replaceAll and split compile them.
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern NOT_LETTERS = Pattern.compile("[^a-z]+");
  private static final Pattern TRAILING_DIGITS = Pattern.compile("[0-9]+$");
  private static final Pattern SEPARATOR = Pattern.compile("[^a-z0-9]");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  static final ThirdPartyRequester UNKNOWN = new ThirdPartyRequester(Optional.empty(), "");

  private final Optional<String> email;
  private final String displayName;
  private final Set<String> userNames;
  private final Set<String> nameWords;
  private final boolean toldOfByAnAgent;

  ThirdPartyRequester(Optional<String> email, String displayName) {
    this(email, displayName, false);
  }

  private ThirdPartyRequester(Optional<String> email, String displayName, boolean toldOfByAnAgent) {
    this.email = email.map(String::strip).filter(e -> !e.isEmpty());
    this.displayName = displayName == null ? "" : displayName.strip();
    this.userNames = deriveUserNames();
    this.nameWords = deriveNameWords();
    this.toldOfByAnAgent = toldOfByAnAgent;
  }

  /**
   * The same requester, in a ticket an agent wrote for them: third-person pronouns ("her password",
   * "for him", "she is locked out") speak of the requester.
   */
  ThirdPartyRequester toldOfByAnAgent() {
    return new ThirdPartyRequester(email, displayName, true);
  }

  /** Whether a third-person pronoun in the text is the requester (see {@link #toldOfByAnAgent}). */
  boolean pronounsAreTheRequester() {
    return toldOfByAnAgent;
  }

  static ThirdPartyRequester of(Optional<String> email) {
    // Most calls know no requester: no need to derive no names again for each ticket.
    return email.isEmpty() ? UNKNOWN : new ThirdPartyRequester(email, "");
  }

  boolean addressKnown() {
    return email.isPresent();
  }

  /**
   * The requester's own address in any letter case, or their user principal name in another domain
   * of the same organisation: "attacker@acme.onmicrosoft.com" or "attacker@corp.acme.com" for
   * attacker@acme.com, not "attacker@partner.example".
   */
  boolean ownsAddress(String address) {
    if (email.isEmpty()) {
      return false;
    }
    String own = email.get().toLowerCase(Locale.ROOT);
    String other = address.strip().toLowerCase(Locale.ROOT);
    if (own.equals(other)) {
      return true;
    }
    int a = own.lastIndexOf('@');
    int b = other.lastIndexOf('@');
    if (a <= 0 || b <= 0 || !own.substring(0, a).equals(other.substring(0, b))) {
      return false;
    }
    String[] ownLabels = own.substring(a + 1).split("\\.");
    String organisation = ownLabels.length >= 2 ? ownLabels[ownLabels.length - 2] : ownLabels[0];
    return List.of(other.substring(b + 1).split("\\.")).contains(organisation);
  }

  /** "jdoe", "J.Doe", "john_doe01", "ACME\jdoe" for requester john.doe@…: their own account. */
  boolean ownsUserName(String userName) {
    String u = userName;
    int backslash = u.lastIndexOf('\\');
    if (backslash >= 0) {
      u = u.substring(backslash + 1);
    }
    int at = u.indexOf('@');
    if (at >= 0) {
      return ownsAddress(u) || userNames().contains(normalise(u.substring(0, at)));
    }
    String n = normalise(u);
    return !n.isEmpty() && userNames().contains(n);
  }

  /** "John", "Doe", "John Doe", "Herr Doe": every word is one of the requester's own names. */
  boolean ownsName(List<String> words) {
    Set<String> own = nameWords();
    if (own.isEmpty() || words.isEmpty()) {
      return false;
    }
    // "Anouk van Dijk" for anouk.vandijk@…, "van Dijk" alone too.
    String joined = normalise(String.join("", words));
    String tail =
        words.size() > 1 ? normalise(String.join("", words.subList(1, words.size()))) : "";
    if (userNames().contains(joined) || own.contains(joined) || own.contains(tail)) {
      return true;
    }
    for (String w : words) {
      if (!own.contains(normalise(w))) {
        return false;
      }
    }
    return true;
  }

  private Set<String> userNames() {
    return userNames;
  }

  private Set<String> nameWords() {
    return nameWords;
  }

  /** The requester's user names, without separators and trailing digits. */
  private Set<String> deriveUserNames() {
    Set<String> forms = new HashSet<>();
    email.ifPresent(
        e -> {
          int at = e.indexOf('@');
          String local = at > 0 ? e.substring(0, at) : e;
          forms.add(normalise(local));
          forms.addAll(combinations(parts(local)));
        });
    forms.addAll(combinations(parts(displayName)));
    forms.remove("");
    return Set.copyOf(forms);
  }

  /**
   * Words of the requester's name: from a local part made of several words, and the display name.
   */
  private Set<String> deriveNameWords() {
    Set<String> words = new HashSet<>();
    email.ifPresent(
        e -> {
          int at = e.indexOf('@');
          List<String> parts = parts(at > 0 ? e.substring(0, at) : e);
          // A one-word local part is a name as often as not ("alice@", "joao@"): it counts as one
          // of the requester's names, which at worst leaves a namesake unflagged.
          words.addAll(parts);
        });
    words.addAll(parts(displayName));
    words.removeIf(w -> w.length() < 2);
    return Set.copyOf(words);
  }

  private static List<String> parts(String s) {
    String n = DIGITS.matcher(fold(s)).replaceAll(" ");
    return List.of(NOT_LETTERS.split(n)).stream().filter(p -> !p.isEmpty()).toList();
  }

  private static Set<String> combinations(List<String> parts) {
    Set<String> forms = new HashSet<>();
    if (parts.isEmpty()) {
      return forms;
    }
    forms.add(String.join("", parts));
    if (parts.size() >= 2) {
      String first = parts.get(0);
      String last = parts.get(parts.size() - 1);
      forms.add(first + last);
      forms.add(last + first);
      forms.add(first.charAt(0) + last);
      forms.add(last + first.charAt(0));
      forms.add(first + last.charAt(0));
    }
    return forms;
  }

  /** Lower case without accents, separators or trailing digits: "J.Doe01" is "jdoe". */
  static String normalise(String s) {
    return SEPARATOR.matcher(TRAILING_DIGITS.matcher(fold(s)).replaceAll("")).replaceAll("");
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD)
        .transform(d -> MARKS.matcher(d).replaceAll(""))
        .replace("ß", "ss")
        .toLowerCase(Locale.ROOT);
  }
}
