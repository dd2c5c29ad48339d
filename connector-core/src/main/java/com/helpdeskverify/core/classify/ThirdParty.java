package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds signs that a sensitive request is for someone other than the requester: an e-mail address
 * that is not the requester's, a person named through a preposition ("for my manager", "the account
 * of my colleague", "das Passwort meines Kollegen", "pour mon collègue", "para o meu colega"), "on
 * behalf of" and its translations, a third person's possessive on the sensitive object ("her
 * password", "son compte", "Carol's account"), or another person as the one locked out ("my boss is
 * locked out", "she is locked out").
 *
 * <p>Like negation, a sign counts only near what the request is about: in the clause of a sensitive
 * phrase or within {@link #WINDOW} words of it. A person merely mentioned ("my manager approved
 * this", "cc my manager", "my colleague had the same problem", "validé par mon chef") is no sign:
 * the person must be tied to the request by a preposition, a possessive or being the one locked
 * out. A false sign costs a technician's look; a missed one lets someone take over another person's
 * account, so the rules lean to flagging when the tie is there.
 *
 * <p>The phrases are found by {@link PersonPhrases}, account names and names of people by {@link
 * AccountReferences}; this class finds the addresses and decides which of all they found count.
 */
final class ThirdParty {
  /** Words between a sign and the sensitive phrase it belongs to. */
  static final int WINDOW = 8;

  static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})+");

  /** Addresses quoted as a copy, not a target: "cc carol@example.com". */
  private static final Set<String> COPY = words("cc bcc copy kopie copie copia");

  /**
   * Addresses that are the thing asked for, not a person: "access to the shared mailbox
   * invoices@example.com".
   */
  private static final Set<String> RESOURCES =
      words(
          "mailbox mailboxes postfach funktionspostfach sammelpostfach boite bal buzon caixa"
              + " postvak mailbox shared distribution list lists alias verteiler liste lista");

  static final int OBJECT =
      Concept.PASSWORD.bit()
          | Concept.ACCOUNT.bit()
          | Concept.MFA.bit()
          | Concept.ACCESS.bit()
          | Concept.RIGHTS.bit()
          | Concept.ROLE.bit()
          | Concept.GROUP.bit()
          | Concept.ADMIN.bit();

  /** A part of the text that says "someone else", in tokens. */
  record Sign(int first, int last, String what, boolean wide) {
    Sign(int first, int last, String what) {
      this(first, last, what, false);
    }
  }

  /**
   * Words between the sensitive phrase and an address or account name, which names an account by
   * its shape alone ("grant Send As on the shared mailbox to: | Daniel Fisher | daniel.fisher@…").
   */
  static final int WIDE_WINDOW = 24;

  private ThirdParty() {}

  /**
   * @param spans the sensitive phrases, as first and last token index
   * @return what was found, for technicians; empty when nothing points at another person
   */
  static List<String> find(
      String text,
      List<Token> tokens,
      int[] c,
      boolean[] neg,
      List<int[]> spans,
      Optional<String> requesterEmail) {
    return find(text, tokens, c, neg, spans, ThirdPartyRequester.of(requesterEmail));
  }

  /**
   * @param spans the sensitive phrases, as first and last token index
   * @param requester what the ticket system says about the requester: their own address, user names
   *     and names are no sign of a third party
   * @return what was found, for technicians; empty when nothing points at another person
   */
  static List<String> find(
      String text,
      List<Token> tokens,
      int[] c,
      boolean[] neg,
      List<int[]> spans,
      ThirdPartyRequester requester) {
    if (spans.isEmpty()) {
      return List.of();
    }
    ThirdPartyText in = new ThirdPartyText(text, tokens, c, neg);
    BitSet masked = ThirdPartyMask.of(text);
    List<Sign> signs = new ArrayList<>();
    emails(in, requester, signs);
    signs.addAll(AccountReferences.find(in, requester));
    signs.addAll(PersonPhrases.find(in, requester));
    Set<String> found = new LinkedHashSet<>();
    for (Sign s : signs) {
      if (!neg[s.first()]
          && !masked.get(tokens.get(s.first()).start())
          && !masked.get(tokens.get(s.last()).start())
          && near(tokens, s, spans)) {
        found.add(s.what());
      }
      if (found.size() == 3) {
        break;
      }
    }
    return List.copyOf(found);
  }

  private static boolean near(List<Token> tokens, Sign s, List<int[]> spans) {
    for (int[] span : spans) {
      int gap =
          s.last() < span[0] ? span[0] - s.last() : s.first() > span[1] ? s.first() - span[1] : 0;
      if (gap <= (s.wide() ? WIDE_WINDOW : WINDOW)) {
        return true;
      }
      int clause = tokens.get(s.first()).clause();
      if (clause == tokens.get(span[0]).clause() || clause == tokens.get(span[1]).clause()) {
        return true;
      }
    }
    return false;
  }

  private static void emails(ThirdPartyText in, ThirdPartyRequester requester, List<Sign> signs) {
    if (in.text().indexOf('@') < 0) {
      // No address without an '@'; most tickets have none, and the scan cost more than the rules.
      return;
    }
    Matcher m = EMAIL.matcher(in.text());
    while (m.find()) {
      String address = m.group();
      if (requester.ownsAddress(address)) {
        continue;
      }
      int first = in.tokenAt(m.start());
      int last = in.tokenAt(m.end() - 1);
      if (first < 0 || last < 0 || copyOrResource(in.tokens(), first)) {
        continue;
      }
      // Without the requester's own address an address cannot be told to be theirs or not; asking
      // a technician is the safe side.
      signs.add(
          new Sign(
              first,
              last,
              requester.addressKnown()
                  ? "e-mail address " + address + " is not the requester's"
                  : "e-mail address " + address + " (the requester's own address is unknown)",
              true));
    }
  }

  /** "cc jsmith": a copy, not a target. */
  static boolean copy(List<Token> tokens, int first) {
    return first > 0 && COPY.contains(tokens.get(first - 1).folded());
  }

  private static boolean copyOrResource(List<Token> tokens, int first) {
    if (copy(tokens, first)) {
      return true;
    }
    for (int k = first - 1; k >= 0 && k >= first - 3; k--) {
      if (RESOURCES.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> words(String list) {
    return Set.copyOf(Arrays.asList(list.split(" ")));
  }
}
