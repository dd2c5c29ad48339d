package com.helpdeskverify.core.classify;

import static com.helpdeskverify.core.classify.ThirdPartyWords.FORGOT;
import static com.helpdeskverify.core.classify.ThirdPartyWords.HONORIFICS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.MODALS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NEEDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOTS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.USER_CUES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.USER_WORDS;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What ties a bare name to the request: a preposition or an action before it ("for jsmith", "of
 * John Doe", "to Bob" after a grant, "unlock Maria"), an action after it ("Sanne toevoegen"), a
 * possessive ("Bob's password"), it being the one who cannot get in ("jsmith is locked out") or the
 * requester giving it as their own ("my username is jsmith"). Each answer is a token index, -1 for
 * none.
 */
final class AccountTies extends ThirdPartyRule {
  /** Words between a tie ("for") and the reference: "for the user jsmith", "von Herrn Maier". */
  private static final int FILLERS = 2;

  /** Actions whose object may be an account: "reset jsmith", "unlock Maria", "add jsmith to". */
  private static final int ACTION = Concept.RESET.bit() | Concept.UNLOCK.bit() | Concept.ADD.bit();

  private final AccountNames names;

  AccountTies(ThirdPartyText in, AccountNames names) {
    super(in);
    this.names = names;
  }

  /**
   * "I need admin rights for Visual Studio", "reset my password for Zscaler": with the requester as
   * the one asking or owning, an unknown word after "for" is what the request is about.
   */
  boolean firstPersonBefore(int tie) {
    for (int k = tie - 1; k >= 0 && k >= tie - 12 && in.sameClause(k, tie); k--) {
      if (PersonWords.firstPerson(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  /**
   * "Sanne toevoegen", "jmeier hinzufügen", "Herrn Maier entsperren": the action right after the
   * name, as German and Dutch put it at the end; -1 if none, or if the requester follows ("Bob
   * reset my password").
   */
  int actionAfter(int end) {
    int k = end + 1;
    if (k >= tokens.size() || !in.sameClause(end, k) || (c[k] & ACTION) == 0 || neg[k]) {
      return -1;
    }
    for (int j = k + 1; j < tokens.size() && j <= k + 2 && in.sameClause(k, j); j++) {
      if (PersonWords.firstPerson(tokens.get(j).folded())) {
        return -1;
      }
    }
    return k;
  }

  /**
   * The index of what ties the word at {@code k} to the request, looking back over titles, articles
   * and "user": "for", "of" after the thing asked about, "to" after a grant, a give-verb, an action
   * ("reset jsmith"), or for user names the thing itself ("password jsmith"); -1 if none.
   */
  int tieBefore(int k, boolean userName) {
    for (int j = k - 1; j >= 0 && j >= k - 1 - FILLERS; j--) {
      String w = tokens.get(j).folded();
      boolean titleBetween = j == k - 1 && (HONORIFICS.contains(w) || names.initial(j));
      boolean colonBetween = j == k - 1 && labelBetween(j, k);
      if (!titleBetween
          && !colonBetween
          && !in.sameClause(j, k)
          && !(j + 1 < k && names.honorificBefore(k))) {
        return -1;
      }
      if (PersonWords.FOR.contains(w)) {
        return j;
      }
      if (PersonWords.OF.contains(w) && objectWithin(j, 3) && !givenToRequester(j)) {
        return j;
      }
      if ((PersonWords.TO.contains(w) && in.grantBefore(j, 8)) || PersonWords.GIVE.contains(w)) {
        return userName || names.personName(k, true) >= 0 ? j : -1;
      }
      if ((c[j] & ACTION) != 0 && !neg[j]) {
        return userName || names.personName(k, true) >= 0 ? j : -1;
      }
      if (userName && j == k - 1 && USER_WORDS.contains(w)) {
        return j;
      }
      if (userName
          && j == k - 1
          && (c[j] & ThirdParty.OBJECT) != 0
          && (in.spaceBetween(j, k) || colonBetween)) {
        return j;
      }
      if (!filler(j)) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * "my account jdoe", "meinen Account mmueller", "my username is jsmith", "the user is jsmith":
   * the first word of the phrase that gives the user name at {@code k}, or -1.
   */
  int declaredAsOwn(int k) {
    int j = k - 1;
    if (j >= 0 && COPULAS.contains(tokens.get(j).folded())) {
      j--;
    }
    if (j >= 0 && tokens.get(j).folded().equals("name")) {
      j--;
    }
    if (j < 0 || !(USER_CUES.contains(tokens.get(j).folded()) || (c[j] & ThirdParty.OBJECT) != 0)) {
      return -1;
    }
    boolean copula = j < k - 1;
    if (j >= 1 && PersonWords.firstPerson(tokens.get(j - 1).folded())) {
      return j - 1;
    }
    return copula && USER_CUES.contains(tokens.get(j).folded()) ? j : -1;
  }

  private static final Set<String> OUR =
      Set.of("unsere", "unser", "notre", "nuestra", "nuestro", "nossa", "nosso", "our");

  private static final Set<String> ARTICLES =
      Set.of("den", "dem", "der", "die", "le", "la", "les", "l", "el", "los", "o", "a", "os");

  private static final Set<String> ME = Set.of("me", "mir", "mich", "moi", "mij");

  private static final Pattern LABEL = Pattern.compile("\\s*[:=]\\s*['\"]?");

  private static final Set<String> COPULAS = Set.of("is", "ist", "lautet", "est", "es", "e");

  /** "Password reset: jsmith", "user: 'jsmith'": a label and its value. */
  private boolean labelBetween(int a, int b) {
    return LABEL.matcher(in.between(a, b)).matches();
  }

  /**
   * "Frau Lange kehrt zurück", "unsere neue Kollegin Frau Heike Maier hat …", "M. Moreau revient":
   * a person with a title who opens a sentence is whom the ticket is about.
   */
  boolean titledSubject(int k) {
    if (k < 1 || !names.honorificBefore(k) || names.initial(k - 1)) {
      return false;
    }
    int j = k - 2;
    while (j >= 0
        && in.sameClause(j, k - 1)
        && (PersonWords.PEOPLE.contains(tokens.get(j).folded())
            || PersonWords.DETERMINERS.contains(tokens.get(j).folded())
            || OUR.contains(tokens.get(j).folded()))) {
      j--;
    }
    return j < 0 || !in.sameClause(j, k - 1);
  }

  /** Words that may stand between a tie and the name: articles, titles, "user", "colleague". */
  private boolean filler(int j) {
    String w = tokens.get(j).folded();
    return HONORIFICS.contains(w)
        || names.initial(j)
        || USER_CUES.contains(w)
        || PersonWords.DETERMINERS.contains(w)
        || PersonWords.PEOPLE.contains(w)
        || PersonWords.USERS.contains(w)
        || ARTICLES.contains(w);
  }

  /**
   * "add me to the group of Bob", "give me access to the share of Maria": the requester is the one
   * given something; the person after "of" owns it.
   */
  private boolean givenToRequester(int at) {
    for (int k = at - 1; k > 0 && k >= at - 8 && in.sameClause(k, at); k--) {
      String w = tokens.get(k).folded();
      if (ME.contains(w) && in.grant(k - 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean objectWithin(int at, int words) {
    for (int k = at - 1; k >= 0 && k >= at - words; k--) {
      if ((c[k] & ThirdParty.OBJECT) != 0) {
        return true;
      }
    }
    return false;
  }

  /** "Bob's password", "j.smith's account": 's and the thing asked about right after. */
  boolean possessive(int end) {
    int s = end + 1;
    if (!in.apostropheS(end)) {
      return false;
    }
    for (int k = s + 1; k < tokens.size() && k <= s + 2 && in.sameClause(s, k); k++) {
      if ((c[k] & ThirdParty.OBJECT) != 0) {
        return true;
      }
    }
    return false;
  }

  /** "jsmith is locked out", "John forgot", "Bob needs a new password": the last word, or -1. */
  int subjectOf(int end) {
    for (int k = end + 1; k < tokens.size() && k <= end + 3 && in.sameClause(end, k); k++) {
      String w = tokens.get(k).folded();
      if (PersonWords.firstPerson(w)) {
        return -1;
      }
      // "Tom locked it by mistake" did something to the requester's account; "Tom is locked"
      // and "Tom locked out" are the ones who cannot get in.
      boolean locked =
          (c[k] & Concept.LOCKED_OUT.bit()) != 0
              || ((c[k] & Concept.LOCKED.bit()) != 0 && (k > end + 1 || passiveOrOut(k)));
      if (locked || FORGOT.contains(w) || NEEDS.contains(w) || cannot(k)) {
        // "Femke asked me", "Bob needs me to …": the requester follows, the request is theirs.
        for (int j = k + 1; j < tokens.size() && j <= k + 2 && in.sameClause(k, j); j++) {
          if (PersonWords.firstPerson(tokens.get(j).folded())) {
            return -1;
          }
        }
        return k;
      }
    }
    return -1;
  }

  /** "can't", "kann sich nicht", "ne peut plus", "não consegue": a modal with a "not" near. */
  private boolean cannot(int k) {
    if (!MODALS.contains(tokens.get(k).folded())) {
      return false;
    }
    for (int j = Math.max(0, k - 1); j < tokens.size() && j <= k + 3; j++) {
      if (j != k && NOTS.contains(tokens.get(j).folded())) {
        return true;
      }
    }
    return false;
  }

  private boolean passiveOrOut(int k) {
    if (k + 1 >= tokens.size() || !in.sameClause(k, k + 1)) {
      return true;
    }
    String next = tokens.get(k + 1).folded();
    return next.equals("out")
        || !(PersonWords.ordinaryWord(next) || (c[k + 1] & ThirdParty.OBJECT) != 0);
  }
}
