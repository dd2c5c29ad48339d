package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.ThirdParty.Sign;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Finds accounts and people named in a ticket's text: user names ("jsmith", "j.smith",
 * "ACME\jsmith", "jsmith01"), Jira mentions ("[~accountid:…]", "[~jsmith]", "@John Doe") and
 * people's names ("John Doe", "Herrn Maier", "Mr. Doe", "Bob's password").
 *
 * <p>Shapes that only accounts have (a domain and a backslash, a dot or underscore inside a name, a
 * mention) count wherever they stand near the request. A bare word counts only when the request is
 * tied to it: a preposition before it ("for jsmith", "of John Doe", "von Herrn Maier", "to Bob"
 * after a grant), an action on it ("add jsmith to …", "unlock Maria"), a possessive ("Bob's
 * password") or it being the one who cannot get in ("jsmith is locked out", "John forgot"). Names
 * and user names that are the requester's own are skipped ({@link ThirdPartyRequester}).
 *
 * <p>The shapes are {@link AccountShapes}; for the bare words, {@link AccountNames} tells names
 * from other words and {@link AccountTies} what ties them to the request. This class decides which
 * tie makes a name a reference, and how it is told to a technician.
 */
final class AccountReferences extends ThirdPartyRule {
  private final ThirdPartyRequester requester;
  private final AccountNames names;
  private final AccountTies ties;
  private final BitSet covered;
  private final List<Sign> signs;

  private AccountReferences(
      ThirdPartyText in, ThirdPartyRequester requester, BitSet covered, List<Sign> signs) {
    super(in);
    this.requester = requester;
    this.names = new AccountNames(in, covered);
    this.ties = new AccountTies(in, names);
    this.covered = covered;
    this.signs = signs;
  }

  /** The references found, in text order of kind: shaped ones first, then tied words. */
  static List<Sign> find(ThirdPartyText in, ThirdPartyRequester requester) {
    List<Sign> signs = new ArrayList<>();
    BitSet covered = AccountShapes.find(in, requester, signs);
    new AccountReferences(in, requester, covered, signs).tied();
    return signs;
  }

  private void tied() {
    int n = tokens.size();
    for (int k = 0; k < n; k++) {
      if (neg[k] || covered.get(tokens.get(k).start())) {
        continue;
      }
      int userEnd = names.userName(k);
      int nameEnd = userEnd >= 0 ? -1 : names.personName(k, false);
      int end = Math.max(userEnd, nameEnd);
      if (end < 0) {
        continue;
      }
      if (own(k, end, userEnd >= 0)) {
        k = end;
        continue;
      }
      String kind = userEnd >= 0 ? "user name" : "person";
      int declared = userEnd >= 0 ? ties.declaredAsOwn(k) : -1;
      if (declared >= 0) {
        // "my account jdoe", "my username is jsmith": a name the requester gives as theirs that
        // their address does not bear out is how someone asks for another's account.
        signs.add(
            new Sign(
                declared,
                k,
                "user name "
                    + in.raw(k)
                    + (requester.addressKnown()
                        ? " given as the requester's own, but their address is not that name: "
                        : " given as the requester's own, whose address is unknown: ")
                    + in.quote(declared, k)));
        k = end;
        continue;
      }
      int tie = ties.tieBefore(k, userEnd >= 0);
      // "access to Bob's calendar": Bob owns what is given, the requester gets it.
      boolean owner =
          tie >= 0 && PersonWords.TO.contains(tokens.get(tie).folded()) && in.apostropheS(end);
      if (tie >= 0
          && !owner
          && (userEnd >= 0 || !names.weakName(k, end) || !ties.firstPersonBefore(tie))) {
        signs.add(sign(tie, end, kind, k, end));
        k = end;
        continue;
      }
      int verb = ties.actionAfter(end);
      if (verb >= 0 && (userEnd >= 0 || names.personName(k, true) >= 0)) {
        signs.add(sign(k, verb, kind, k, end));
        k = end;
        continue;
      }
      if (ties.possessive(end)) {
        signs.add(sign(k, Math.min(n - 1, end + 2), kind, k, end));
        k = end;
        continue;
      }
      if (userEnd < 0 && ties.titledSubject(k)) {
        signs.add(new Sign(k - 1, end, sign(k - 1, end, kind, k - 1, end).what(), true));
        k = end;
        continue;
      }
      int subject = ties.subjectOf(end);
      if (subject >= 0 && (userEnd >= 0 || names.personName(k, true) >= 0)) {
        signs.add(sign(k, subject, kind, k, end));
        k = end;
      }
    }
  }

  private boolean own(int first, int last, boolean userName) {
    List<String> words = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      words.add(in.raw(i));
    }
    return userName ? requester.ownsUserName(String.join("", words)) : requester.ownsName(words);
  }

  private Sign sign(int first, int last, String kind, int nameFirst, int nameLast) {
    String name =
        text.substring(tokens.get(nameFirst).start(), tokens.get(nameLast).end())
            .replaceAll("\\s+", " ");
    return new Sign(first, last, kind + " " + name + ": " + in.quote(first, last));
  }
}
