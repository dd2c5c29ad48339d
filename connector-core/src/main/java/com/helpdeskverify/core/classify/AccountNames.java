package com.helpdeskverify.core.classify;

import static com.helpdeskverify.core.classify.ThirdPartyWords.FIRST_NAMES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.HONORIFICS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NAMES_THAT_ARE_WORDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_PEOPLE;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_USER_NAMES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.ONSETS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.THING_AFTER;
import static com.helpdeskverify.core.classify.ThirdPartyWords.TICKET_WORDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.USER_WORDS;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a bare word of a ticket is a user name ("jsmith", "jsmith01", "JSmith", any word after
 * "user") or where a person's name ("John Doe", "Herrn Maier", "Mr. Doe", "Maria") starting at it
 * ends. Words inside addresses and shaped names ({@link AccountShapes}) are neither.
 */
final class AccountNames extends ThirdPartyRule {

  // Compiled once (as the word sets below are built once): String.matches compiled it again for
  // every word of every ticket.
  private static final Pattern AFTER_CUE = Pattern.compile("[\\p{L}][\\p{L}\\d]{2,30}");

  /** "das Konto von twagner": after the account and these, a bare word is whose account. */
  private static final Set<String> WHOSE_AFTER =
      Set.of("of", "von", "vom", "de", "del", "du", "van", "do", "da");

  private static final Set<String> SURNAME_PARTICLES =
      Set.of("de", "van", "von", "da", "do", "dos", "del", "der", "le", "la", "di");

  /** German function words (see {@link #germanish}). */
  private static final Set<String> GERMAN =
      Set.of(
          "der",
          "die",
          "das",
          "und",
          "ist",
          "ich",
          "bitte",
          "nicht",
          "mein",
          "meine",
          "mit",
          "fur",
          "von",
          "zu",
          "den",
          "dem",
          "ein",
          "eine",
          "kann",
          "habe",
          "wurde",
          "sich",
          "auf",
          "ihr",
          "ihre",
          "sein",
          "seine",
          "herrn",
          "frau",
          "zurucksetzen",
          "danke");

  /** Characters inside an address or a shaped name, whose words are not names of their own. */
  private final BitSet covered;

  private final boolean germanish;

  AccountNames(ThirdPartyText in, BitSet covered) {
    super(in);
    this.covered = covered;
    this.germanish = germanish(tokens);
  }

  /** One capitalised word that no list knows: a person only where nothing says otherwise. */
  boolean weakName(int k, int end) {
    return end == k && !FIRST_NAMES.contains(tokens.get(k).folded()) && !honorificBefore(k);
  }

  /**
   * The end of a user-name-like word at {@code k} ("jsmith", "jsmith01", or any word after "user"
   * or "Benutzer"), or -1.
   */
  int userName(int k) {
    Token t = tokens.get(k);
    String raw = text.substring(t.start(), t.end());
    String f = t.folded();
    if (c[k] != 0
        || NOT_USER_NAMES.contains(f)
        || NOT_PEOPLE.contains(f)
        || PersonWords.ordinaryWord(f)) {
      return -1;
    }
    // "user asilva", "Benutzer mmueller"; after "account" or "login" only a shaped name counts.
    boolean afterCue =
        k > 0
            && USER_WORDS.contains(tokens.get(k - 1).folded())
            && !(k > 1 && PersonWords.firstPerson(tokens.get(k - 2).folded()))
            && AFTER_CUE.matcher(raw).matches()
            && !TICKET_WORDS.contains(f)
            && !FIRST_NAMES.contains(f);
    if (afterCue && !raw.equals(raw.toUpperCase(Locale.ROOT))) {
      return k;
    }
    if (k > 1
        && WHOSE_AFTER.contains(tokens.get(k - 1).folded())
        && !ThirdPartyWords.TIMES.contains(f)
        && (c[k - 2] & (Concept.ACCOUNT.bit() | Concept.PASSWORD.bit())) != 0
        && asciiName(raw, 0, 4, 20)
        && !ThirdPartyWords.ACCOUNT_KINDS.contains(f)
        && !FIRST_NAMES.contains(f)) {
      // "das Konto von twagner", "la cuenta de iruiz": after "the account of" a bare word is whose.
      return k;
    }
    if (asciiName(raw, 2, 2, 15)) {
      // "JSmith", "JDoe01": an initial joined to a surname, as some directories write them.
      return k;
    }
    if (!asciiName(raw, 0, 3, 20)) {
      return -1;
    }
    // raw is [a-z]{3,20}[0-9]{0,4} here: its letters end where its digits begin.
    int digits = raw.length();
    while (digits > 0 && raw.charAt(digits - 1) >= '0' && raw.charAt(digits - 1) <= '9') {
      digits--;
    }
    String letters = raw.substring(0, digits);
    if (letters.length() < raw.length()) {
      // "jsmith01": a name with a number, unless the letters are a thing ("win11", "laptop01").
      return NOT_USER_NAMES.contains(letters) || NOT_PEOPLE.contains(letters) ? -1 : k;
    }
    boolean vowel = false;
    for (int i = 0; i < letters.length() && !vowel; i++) {
      vowel = isVowel(letters.charAt(i));
    }
    boolean twoConsonants =
        letters.length() >= 4
            && !isVowel(letters.charAt(0))
            && !isVowel(letters.charAt(1))
            && !ONSETS.contains(letters.substring(0, 2));
    return vowel && twoConsonants ? k : -1;
  }

  /**
   * Whether {@code s} is {@code [A-Z]{upper}[a-z]{minLower,maxLower}\\d{0,4}} ("JSmith01" is (2, 2,
   * 15), "jsmith01" (0, 3, 20)), read in one pass: the three classes do not overlap, so the regular
   * expression it replaces had one way to match, and it was asked of every word.
   */
  static boolean asciiName(String s, int upper, int minLower, int maxLower) {
    int n = s.length();
    int i = 0;
    for (; i < upper; i++) {
      if (i >= n || s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
        return false;
      }
    }
    int lower = i;
    while (i < n && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
      i++;
    }
    if (i - lower < minLower || i - lower > maxLower) {
      return false;
    }
    int digits = i;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i == n && i - digits <= 4;
  }

  private static boolean isVowel(char ch) {
    return "aeiouy".indexOf(ch) >= 0;
  }

  /**
   * The end of a person's name starting at {@code k}, or -1. {@code strict}: only names that are
   * known first names, two capitalised words or after a title count; where a preposition ties the
   * word to the request, a single unknown capitalised word counts too (not in German text, where
   * every noun is capitalised).
   */
  int personName(int k, boolean strict) {
    Token t = tokens.get(k);
    String raw = text.substring(t.start(), t.end());
    String f = t.folded();
    boolean titled = honorificBefore(k) && capitalised(raw);
    if (covered.get(t.start())) {
      return -1;
    }
    if (c[k] != 0
        || NOT_PEOPLE.contains(f)
        || HONORIFICS.contains(f)
        || PersonWords.ordinaryWord(f)) {
      return -1;
    }
    if (titled) {
      return surname(k);
    }
    if (!capitalised(raw)) {
      return FIRST_NAMES.contains(f) && !NAMES_THAT_ARE_WORDS.contains(f) && !strict ? k : -1;
    }
    if (FIRST_NAMES.contains(f)) {
      return surname(k);
    }
    if (titleCaseLine(k)) {
      return -1;
    }
    int next = k + 1;
    if (next < tokens.size()
        && in.spaceBetween(k, next)
        && in.sameLine(k, next)
        && nameWord(next)
        && !thingAfter(next)) {
      return next;
    }
    if (strict || germanish || thingAfter(k)) {
      return -1;
    }
    return k;
  }

  /** "John" followed by "Doe", or by "de Vries", "da Silva": the last word of the name. */
  private int surname(int k) {
    int next = k + 1;
    if (next < tokens.size() && in.sameLine(k, next) && nameWord(next)) {
      return next;
    }
    if (next + 1 < tokens.size()
        && SURNAME_PARTICLES.contains(tokens.get(next).folded())
        && in.sameLine(k, next + 1)
        && nameWord(next + 1)) {
      return next + 1;
    }
    return k;
  }

  private boolean nameWord(int k) {
    Token t = tokens.get(k);
    String f = t.folded();
    return capitalised(text.substring(t.start(), t.end()))
        && c[k] == 0
        && !NOT_PEOPLE.contains(f)
        && !HONORIFICS.contains(f)
        && !PersonWords.PEOPLE.contains(f)
        && !PersonWords.ordinaryWord(f);
  }

  /** A capital then small letters: "Bob", "Müller", "O'Neil"; not "SAP", "SharePoint", "bob". */
  private static boolean capitalised(String raw) {
    if (raw.length() < 2 || !Character.isUpperCase(raw.charAt(0))) {
      return false;
    }
    for (int i = 1; i < raw.length(); i++) {
      if (!Character.isLowerCase(raw.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** "Password Reset For Remote Access": capitals in a title are no sign of a name. */
  private boolean titleCaseLine(int k) {
    if (lineOf == null) {
      countLines();
    }
    int line = lineOf[k];
    return lineWords[line] >= 3 && lineCapitals[line] * 10 >= lineWords[line] * 7;
  }

  private int[] lineOf;
  private int[] lineWords;
  private int[] lineCapitals;

  private void countLines() {
    int n = tokens.size();
    lineOf = new int[n];
    lineWords = new int[n + 1];
    lineCapitals = new int[n + 1];
    int line = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && !in.sameLine(i - 1, i)) {
        line++;
      }
      lineOf[i] = line;
      lineWords[line]++;
      lineCapitals[line] += Character.isUpperCase(text.charAt(tokens.get(i).start())) ? 1 : 0;
    }
  }

  /** "for London office", "to Finance share": the capitalised word names a thing. */
  private boolean thingAfter(int k) {
    int next = k + 1;
    return next < tokens.size()
        && in.sameLine(k, next)
        && (THING_AFTER.contains(tokens.get(next).folded()) || (c[next] & ThirdParty.OBJECT) != 0);
  }

  /** "Herrn Maier", "Mr. Doe", and an initial: "J. Smith". */
  boolean honorificBefore(int k) {
    return k > 0
        && !covered.get(tokens.get(k - 1).start())
        && (HONORIFICS.contains(tokens.get(k - 1).folded()) || initial(k - 1));
  }

  boolean initial(int j) {
    Token t = tokens.get(j);
    return t.end() - t.start() == 1
        && Character.isUpperCase(text.charAt(t.start()))
        && t.end() < text.length()
        && text.charAt(t.end()) == '.';
  }

  /** Text with several German function words: its nouns are capitalised and say nothing. */
  private static boolean germanish(List<Token> tokens) {
    int hits = 0;
    for (Token t : tokens) {
      if (GERMAN.contains(t.folded()) && ++hits >= 2) {
        return true;
      }
    }
    return false;
  }
}
