package com.helpdeskverify.core.classify;

import static com.helpdeskverify.core.classify.PersonWords.BEHALF;
import static com.helpdeskverify.core.classify.PersonWords.DETERMINERS;
import static com.helpdeskverify.core.classify.PersonWords.DE_WITH_ARTICLE;
import static com.helpdeskverify.core.classify.PersonWords.FIRST_PERSON;
import static com.helpdeskverify.core.classify.PersonWords.FOR;
import static com.helpdeskverify.core.classify.PersonWords.FORGOT;
import static com.helpdeskverify.core.classify.PersonWords.GIVE;
import static com.helpdeskverify.core.classify.PersonWords.NOT_PEOPLE;
import static com.helpdeskverify.core.classify.PersonWords.OF;
import static com.helpdeskverify.core.classify.PersonWords.PAST;
import static com.helpdeskverify.core.classify.PersonWords.PEOPLE;
import static com.helpdeskverify.core.classify.PersonWords.PRONOUNS;
import static com.helpdeskverify.core.classify.PersonWords.SELF;
import static com.helpdeskverify.core.classify.PersonWords.SPANISH_CLITICS;
import static com.helpdeskverify.core.classify.PersonWords.SUBJECTS;
import static com.helpdeskverify.core.classify.PersonWords.THEIR;
import static com.helpdeskverify.core.classify.PersonWords.THEIRS_AFTER;
import static com.helpdeskverify.core.classify.PersonWords.TO;
import static com.helpdeskverify.core.classify.PersonWords.TRYING;
import static com.helpdeskverify.core.classify.PersonWords.USERS;
import static com.helpdeskverify.core.classify.PersonWords.USER_MODIFIED;
import static com.helpdeskverify.core.classify.ThirdParty.OBJECT;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import com.helpdeskverify.core.classify.ThirdParty.Sign;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds people tied to the request by a phrase: through a preposition ("for my manager", "the
 * account of my colleague", "das Passwort meines Kollegen"), "on behalf of" and its translations, a
 * third person's possessive on the sensitive object ("her password", "son compte", "Carol's
 * account"), or another person as the one locked out ("my boss is locked out", "she is locked
 * out").
 */
final class PersonPhrases extends ThirdPartyRule {
  /** Words allowed between a preposition and the person: "for one of my new colleagues". */
  private static final int FILLERS = 3;

  private static final int LOCKED = Concept.LOCKED.bit() | Concept.LOCKED_OUT.bit();

  /**
   * {@link PersonWords#BEHALF} by first word, in its order: each word of a ticket is looked up once
   * instead of compared with every phrase.
   */
  private static final Map<String, List<List<String>>> BEHALF_BY_FIRST_WORD =
      BEHALF.stream()
          .collect(
              Collectors.groupingBy(term -> term.get(0), LinkedHashMap::new, Collectors.toList()));

  private final List<Sign> signs = new ArrayList<>();

  private PersonPhrases(ThirdPartyText in) {
    super(in);
  }

  /** The phrases found, in text order. */
  static List<Sign> find(ThirdPartyText in, ThirdPartyRequester requester) {
    PersonPhrases p = new PersonPhrases(in);
    p.phrases(requester);
    return p.signs;
  }

  private void phrases(ThirdPartyRequester requester) {
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      String w = tokens.get(i).folded();
      boolean pronouns = !requester.pronounsAreTheRequester();
      if (FOR.contains(w)) {
        person(i, false, pronouns);
      }
      if ((TO.contains(w) && in.grantBefore(i, 6)) || GIVE.contains(w)) {
        person(i, true, pronouns);
      }
      if (OF.contains(w) && i > 0 && (c[i - 1] & OBJECT) != 0) {
        // German genitives ("meines Kollegen") are "of my" in one word, and count as both.
        person(i, false, pronouns);
      }
      behalf(i);
      if (pronouns && THEIR.contains(w) && objectWithin(i, 3) && !toldOfThePast(i)) {
        signs.add(sign(i, i + 1));
      }
      if (pronouns && THEIRS_AFTER.contains(w) && i > 0 && objectBefore(i, 2)) {
        signs.add(sign(i - 1, i));
      }
      // "me he quedado bloqueada": Spanish "he" is "I have".
      if (pronouns
          && SUBJECTS.contains(w)
          && !(i > 0 && SPANISH_CLITICS.contains(tokens.get(i - 1).folded()))) {
        lockedOut(i, i);
      }
      if (in.apostropheS(i)
          && possessor(i)
          && !requester.ownsName(List.of(in.raw(i)))
          && objectWithin(i + 1, 2)) {
        signs.add(sign(i, Math.min(n - 1, i + 2)));
      }
      if (i > 0
          && PEOPLE.contains(w)
          && FIRST_PERSON.contains(tokens.get(i - 1).folded())
          && in.sameClause(i - 1, i)) {
        lockedOut(i - 1, i);
      }
    }
  }

  /** "for my manager", "of my colleague Bob", "meines Kollegen": a person follows {@code at}. */
  private void person(int at, boolean strict, boolean pronouns) {
    boolean firstPerson = FIRST_PERSON.contains(tokens.get(at).folded());
    for (int k = at + 1; k < tokens.size() && k <= at + FILLERS + 1; k++) {
      if (!in.sameClause(at, k)) {
        return;
      }
      String w = tokens.get(k).folded();
      int next = k + 1 < tokens.size() ? c[k + 1] : 0;
      boolean nextModifies =
          k + 1 < tokens.size() && USER_MODIFIED.contains(tokens.get(k + 1).folded());
      if (strict && in.apostropheS(k)) {
        // "access to my manager's calendar": the manager owns what is asked for, not the request.
        return;
      }
      if (PRONOUNS.contains(w) && k == at + 1) {
        if (pronouns) {
          signs.add(sign(at, k));
        }
        return;
      }
      if (PEOPLE.contains(w)
          && !nextModifies
          && (next & (Concept.ACCOUNT.bit() | Concept.PASSWORD.bit())) == 0) {
        signs.add(sign(at, withName(k)));
        return;
      }
      if (USERS.contains(w) && !firstPerson && !nextModifies && (next & OBJECT) == 0) {
        signs.add(sign(at, withName(k)));
        return;
      }
      // "for my password manager" is the requester's own tool, not a person.
      if ((c[k] & OBJECT) != 0
          || PEOPLE.contains(w)
          || USERS.contains(w)
          || (strict && !DETERMINERS.contains(w))) {
        return;
      }
      firstPerson |= FIRST_PERSON.contains(w);
    }
  }

  private void behalf(int at) {
    String w = tokens.get(at).folded();
    for (List<String> term : BEHALF_BY_FIRST_WORD.getOrDefault(w, List.of())) {
      if (at + term.size() > tokens.size()) {
        continue;
      }
      boolean match = true;
      for (int k = 1; k < term.size() && match; k++) {
        String word = tokens.get(at + k).folded();
        // "au nom du", "em nome do", "en nombre del": "de" merged with the article.
        match =
            word.equals(term.get(k))
                || (term.get(k).equals("de") && DE_WITH_ARTICLE.contains(word));
      }
      if (match && !selfAfter(at + term.size())) {
        signs.add(sign(at, Math.min(tokens.size() - 1, at + term.size())));
      }
    }
  }

  /** "you reset his Authenticator last week": told of what happened, not asked for. */
  private boolean toldOfThePast(int at) {
    int clause = tokens.get(at).clause();
    for (int k = Math.max(0, at - 12); k < tokens.size() && k <= at + 6; k++) {
      if (tokens.get(k).clause() == clause && PAST.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  /** "on behalf of myself", "im Namen von mir": the requester after all. */
  private boolean selfAfter(int at) {
    for (int k = at; k < tokens.size() && k <= at + 1; k++) {
      String w = tokens.get(k).folded();
      if (SELF.contains(w)) {
        return true;
      }
      if (!OF.contains(w)) {
        return false;
      }
    }
    return false;
  }

  /**
   * "my boss is locked out", "she is locked out", "mein Kollege ist ausgesperrt": the person at
   * {@code last} is the one who cannot get in, unless the sentence goes on about the requester ("my
   * manager locked my account").
   */
  private void lockedOut(int first, int last) {
    for (int k = last + 1; k < tokens.size() && k <= last + 10; k++) {
      if (!in.sameClause(last, k)) {
        return;
      }
      String w = tokens.get(k).folded();
      if (FIRST_PERSON.contains(w)) {
        return;
      }
      if ((c[k] & LOCKED) != 0 || FORGOT.contains(w) || TRYING.contains(w)) {
        for (int j = k + 1; j < tokens.size() && j <= k + 2; j++) {
          if (FIRST_PERSON.contains(tokens.get(j).folded())) {
            return;
          }
        }
        Sign found = sign(first, k);
        // "my assistant has been trying since 8 … the password is wrong … please reset": the
        // person is named a sentence before the request.
        signs.add(new Sign(found.first(), found.last(), found.what(), true));
        return;
      }
    }
  }

  /** The person's word and the name after it, if one follows in the clause: "my colleague Bob". */
  private int withName(int person) {
    return person + 1 < tokens.size() && in.sameClause(person, person + 1) ? person + 1 : person;
  }

  /** "Carol's", "my colleague's": a person, not a product or "it's". */
  private boolean possessor(int i) {
    String w = tokens.get(i).folded();
    if (PEOPLE.contains(w) || USERS.contains(w)) {
      return true;
    }
    Token t = tokens.get(i);
    boolean capitalised = Character.isUpperCase(text.charAt(t.start()));
    return capitalised && c[i] == 0 && !NOT_PEOPLE.contains(w) && !FIRST_PERSON.contains(w);
  }

  private boolean objectWithin(int at, int words) {
    for (int k = at + 1; k < tokens.size() && k <= at + words; k++) {
      if (!in.sameClause(at, k)) {
        return false;
      }
      if ((c[k] & OBJECT) != 0) {
        return true;
      }
    }
    return false;
  }

  private boolean objectBefore(int at, int words) {
    for (int k = at - 1; k >= 0 && k >= at - words; k--) {
      if ((c[k] & OBJECT) != 0 && in.sameClause(k, at)) {
        return true;
      }
    }
    return false;
  }

  private Sign sign(int first, int last) {
    return new Sign(first, last, in.quote(first, last));
  }
}
