package com.helpdeskverify.core.classify;

import static com.helpdeskverify.core.classify.ThirdPartyWords.FIRST_NAMES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.FORGOT;
import static com.helpdeskverify.core.classify.ThirdPartyWords.HONORIFICS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NAMES_THAT_ARE_WORDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NEEDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_PEOPLE;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_USER_NAMES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.ONSETS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.THING_AFTER;
import static com.helpdeskverify.core.classify.ThirdPartyWords.TICKET_WORDS;
import static com.helpdeskverify.core.classify.ThirdPartyWords.USER_CUES;
import static com.helpdeskverify.core.classify.ThirdPartyWords.USER_WORDS;

import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 */
final class AccountReferences {
  /** Words between a tie ("for") and the reference: "for the user jsmith", "von Herrn Maier". */
  private static final int FILLERS = 2;

  private static final Pattern DOMAIN_USER =
      Pattern.compile(
          "(?<![\\p{L}\\d_\\\\:/.-])([A-Za-z][A-Za-z0-9-]{1,15})\\\\([A-Za-z][\\w.-]{0,63}\\w)");

  private static final Pattern JIRA_MENTION =
      Pattern.compile("\\[~(?:accountid:)?([^\\]\\s]{1,128})]");

  private static final Pattern AT_MENTION =
      Pattern.compile(
          "(?<![\\p{L}\\d_.+-])@(\\p{L}[\\w.-]{0,40}[\\p{L}\\d])(?:[ \\t]+(\\p{Lu}\\p{Ll}+))?");

  /** "j.smith", "john.doe", "j_smith", "john_doe2": a name with a dot or underscore inside. */
  private static final Pattern DOTTED_USER =
      Pattern.compile(
          "(?<![\\p{L}\\d_.@/\\\\:-])(\\p{L}{1,20}(?:[._]\\p{L}{2,30}){1,2}\\d{0,4})(?![\\p{L}\\d_@/\\\\]|[.\\-][\\p{L}\\d_])");

  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+|\\bwww\\.\\S+");

  /** "adm-rpatel", "a-jsmith", "sa_jdoe": a person's second, privileged account. */
  private static final Pattern PREFIXED_ACCOUNT =
      Pattern.compile(
          "(?<![\\p{L}\\d_.@/\\\\-])(?i:adm|admin|sa|da|priv|su|a|x|t0|t1|t2)[-_](\\p{L}[\\p{L}\\d._]{2,30})(?![\\p{L}\\d_@-])");

  /** Endings of host names and files, not of user names: "acme.com", "report.pdf". */
  private static final Set<String> NOT_A_NAME_ENDING =
      Set.of(
          "com", "org", "net", "de", "fr", "es", "nl", "pt", "io", "co", "uk", "local", "lan",
          "corp", "intra", "int", "eu", "us", "be", "ch", "at", "br", "it", "info", "biz", "pdf",
          "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "txt", "csv", "log", "exe", "msi",
          "zip", "png", "jpg", "jpeg", "gif", "js", "ts", "py", "java", "json", "xml", "html",
          "htm", "yml", "yaml", "sh", "bat", "cmd", "ps1", "cfg", "conf", "ini", "md", "app", "dll",
          "sys", "iso", "vhd", "vhdx", "ova", "pst", "ost", "eml", "msg", "jar", "war", "tar", "gz",
          "rar", "mp4", "mov", "svg", "ics", "vcf", "key", "pem", "crt", "cer", "pfx", "rdp", "ica",
          "sql", "bak", "tmp", "old", "new", "bi", "cloud", "online");

  private static final Set<String> GENERIC_MENTIONS =
      Set.of("here", "channel", "all", "everyone", "team", "helpdesk", "support", "servicedesk");

  private static final int GRANT = Concept.REQUEST.bit() | Concept.ADD.bit();

  /** Actions whose object may be an account: "reset jsmith", "unlock Maria", "add jsmith to". */
  private static final int ACTION = Concept.RESET.bit() | Concept.UNLOCK.bit() | Concept.ADD.bit();

  private final String text;
  private final List<Token> tokens;
  private final int[] c;
  private final boolean[] neg;
  private final ThirdPartyRequester requester;
  private final boolean germanish;
  private final List<ThirdParty.Sign> signs = new ArrayList<>();

  private AccountReferences(
      String text, List<Token> tokens, int[] c, boolean[] neg, ThirdPartyRequester requester) {
    this.text = text;
    this.tokens = tokens;
    this.c = c;
    this.neg = neg;
    this.requester = requester;
    this.germanish = germanish(tokens);
  }

  /** The references found, in text order of kind: shaped ones first, then tied words. */
  static List<ThirdParty.Sign> find(
      String text, List<Token> tokens, int[] c, boolean[] neg, ThirdPartyRequester requester) {
    AccountReferences r = new AccountReferences(text, tokens, c, neg, requester);
    r.shaped();
    r.tied();
    return r.signs;
  }

  // --- shapes only accounts have

  /** Characters inside an address or a shaped name, whose words are not names of their own. */
  private final java.util.BitSet covered = new java.util.BitSet();

  private void cover(Pattern p) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      covered.set(m.start(), m.end());
    }
  }

  private void shaped() {
    for (Pattern p :
        List.of(
            ThirdParty.EMAIL,
            DOMAIN_USER,
            JIRA_MENTION,
            AT_MENTION,
            PREFIXED_ACCOUNT,
            DOTTED_USER,
            URL)) {
      cover(p);
    }
    Matcher m = DOMAIN_USER.matcher(text);
    while (m.find()) {
      String domain = m.group(1).toLowerCase(java.util.Locale.ROOT);
      if (domain.startsWith("hk") || domain.equals("and") || domain.equals("or")) {
        continue;
      }
      if (!requester.ownsUserName(m.group(2))) {
        add(m.start(), m.end(), "account name " + m.group());
      }
    }
    m = JIRA_MENTION.matcher(text);
    while (m.find()) {
      if (!requester.ownsUserName(m.group(1))) {
        add(m.start(), m.end(), "Jira mention " + m.group());
      }
    }
    m = AT_MENTION.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (GENERIC_MENTIONS.contains(name.toLowerCase(java.util.Locale.ROOT))
          || requester.ownsUserName(name)
          || requester.ownsName(m.group(2) == null ? List.of(name) : List.of(name, m.group(2)))) {
        continue;
      }
      add(m.start(), m.end(), "mention " + m.group());
    }
    m = PREFIXED_ACCOUNT.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (!commonWord(name) && !requester.ownsUserName(name)) {
        add(m.start(), m.end(), "account name " + m.group());
      }
    }
    m = DOTTED_USER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      String[] parts = name.replaceAll("\\d+$", "").split("[._]");
      String last = parts[parts.length - 1];
      String first = parts[0];
      // "svc_backup" is an account; "done.thanks" is a sentence missing its space.
      if (NOT_A_NAME_ENDING.contains(last.toLowerCase(java.util.Locale.ROOT))
          || !sameCaseStyle(parts)
          || (commonWord(first) && commonWord(last))
          || (commonWord(first) || commonWord(last)) && name.indexOf('_') < 0
          || requester.ownsUserName(name)) {
        continue;
      }
      add(m.start(), m.end(), "user name " + name);
    }
  }

  /** "j.smith", "John.Doe", "JSMITH.X" but not "password.Thanks", a sentence missing its space. */
  private static boolean sameCaseStyle(String[] parts) {
    boolean lower = true;
    boolean capitalised = true;
    for (String p : parts) {
      lower &= p.equals(p.toLowerCase(java.util.Locale.ROOT));
      capitalised &= Character.isUpperCase(p.charAt(0));
    }
    return lower || capitalised;
  }

  /** A word the classifier knows, or one on the lists of things: part of a sentence, not a name. */
  private boolean commonWord(String word) {
    String f = ThirdPartyRequester.fold(word);
    return f.length() > 1
        && (NOT_PEOPLE.contains(f)
            || NOT_USER_NAMES.contains(f)
            || ThirdParty.ordinaryWord(f)
            || conceptOf(f) != 0);
  }

  private java.util.Map<String, Integer> conceptsByWord;

  private int conceptOf(String folded) {
    if (conceptsByWord == null) {
      conceptsByWord = new java.util.HashMap<>();
      for (int i = 0; i < tokens.size(); i++) {
        conceptsByWord.merge(tokens.get(i).folded(), c[i], (a, b) -> a | b);
      }
    }
    return conceptsByWord.getOrDefault(folded, 0);
  }

  private void add(int start, int end, String what) {
    int to = end - 1;
    while (to > start && !Character.isLetterOrDigit(text.charAt(to))) {
      to--;
    }
    int first = ThirdParty.tokenAt(tokens, start);
    int last = ThirdParty.tokenAt(tokens, to);
    if (first < 0 || last < 0 || neg[first] || ThirdParty.copy(tokens, first)) {
      return;
    }
    signs.add(new ThirdParty.Sign(first, last, what, true));
  }

  // --- bare words tied to the request

  private void tied() {
    int n = tokens.size();
    for (int k = 0; k < n; k++) {
      if (neg[k] || covered.get(tokens.get(k).start())) {
        continue;
      }
      int userEnd = userName(k);
      int nameEnd = userEnd >= 0 ? -1 : personName(k, false);
      int end = Math.max(userEnd, nameEnd);
      if (end < 0) {
        continue;
      }
      if (own(k, end, userEnd >= 0)) {
        k = end;
        continue;
      }
      String kind = userEnd >= 0 ? "user name" : "person";
      int declared = userEnd >= 0 ? declaredAsOwn(k) : -1;
      if (declared >= 0) {
        // "my account jdoe", "my username is jsmith": a name the requester gives as theirs that
        // their address does not bear out is how someone asks for another's account.
        signs.add(
            new ThirdParty.Sign(
                declared,
                k,
                "user name "
                    + text.substring(tokens.get(k).start(), tokens.get(k).end())
                    + (requester.addressKnown()
                        ? " given as the requester's own, but their address is not that name: "
                        : " given as the requester's own, whose address is unknown: ")
                    + ThirdParty.quote(text, tokens, declared, k)));
        k = end;
        continue;
      }
      int tie = tieBefore(k, userEnd >= 0);
      // "access to Bob's calendar": Bob owns what is given, the requester gets it.
      boolean owner =
          tie >= 0 && ThirdParty.TO.contains(tokens.get(tie).folded()) && apostropheS(end);
      if (tie >= 0 && !owner && (userEnd >= 0 || !weakName(k, end) || !firstPersonBefore(tie))) {
        signs.add(sign(tie, end, kind, k, end));
        k = end;
        continue;
      }
      int verb = actionAfter(end);
      if (verb >= 0 && (userEnd >= 0 || personName(k, true) >= 0)) {
        signs.add(sign(k, verb, kind, k, end));
        k = end;
        continue;
      }
      if (possessive(end)) {
        signs.add(sign(k, Math.min(n - 1, end + 2), kind, k, end));
        k = end;
        continue;
      }
      if (userEnd < 0 && titledSubject(k)) {
        signs.add(new ThirdParty.Sign(k - 1, end, sign(k - 1, end, kind, k - 1, end).what(), true));
        k = end;
        continue;
      }
      int subject = subjectOf(end);
      if (subject >= 0 && (userEnd >= 0 || personName(k, true) >= 0)) {
        signs.add(sign(k, subject, kind, k, end));
        k = end;
      }
    }
  }

  /** One capitalised word that no list knows: a person only where nothing says otherwise. */
  private boolean weakName(int k, int end) {
    return end == k && !FIRST_NAMES.contains(tokens.get(k).folded()) && !honorificBefore(k);
  }

  /**
   * "I need admin rights for Visual Studio", "reset my password for Zscaler": with the requester as
   * the one asking or owning, an unknown word after "for" is what the request is about.
   */
  private boolean firstPersonBefore(int tie) {
    for (int k = tie - 1; k >= 0 && k >= tie - 12 && sameClause(k, tie); k--) {
      if (ThirdParty.firstPerson(tokens.get(k).folded())) {
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
  private int actionAfter(int end) {
    int k = end + 1;
    if (k >= tokens.size() || !sameClause(end, k) || (c[k] & ACTION) == 0 || neg[k]) {
      return -1;
    }
    for (int j = k + 1; j < tokens.size() && j <= k + 2 && sameClause(k, j); j++) {
      if (ThirdParty.firstPerson(tokens.get(j).folded())) {
        return -1;
      }
    }
    return k;
  }

  /**
   * The end of a user-name-like word at {@code k} ("jsmith", "jsmith01", or any word after "user"
   * or "Benutzer"), or -1.
   */
  private int userName(int k) {
    Token t = tokens.get(k);
    String raw = text.substring(t.start(), t.end());
    String f = t.folded();
    if (c[k] != 0
        || NOT_USER_NAMES.contains(f)
        || NOT_PEOPLE.contains(f)
        || ThirdParty.ordinaryWord(f)) {
      return -1;
    }
    // "user asilva", "Benutzer mmueller"; after "account" or "login" only a shaped name counts.
    boolean afterCue =
        k > 0
            && USER_WORDS.contains(tokens.get(k - 1).folded())
            && !(k > 1 && ThirdParty.firstPerson(tokens.get(k - 2).folded()))
            && raw.matches("[\\p{L}][\\p{L}\\d]{2,30}")
            && !TICKET_WORDS.contains(f)
            && !FIRST_NAMES.contains(f);
    if (afterCue && !raw.equals(raw.toUpperCase(java.util.Locale.ROOT))) {
      return k;
    }
    if (k > 1
        && Set.of("of", "von", "vom", "de", "del", "du", "van", "do", "da")
            .contains(tokens.get(k - 1).folded())
        && !ThirdPartyWords.TIMES.contains(f)
        && (c[k - 2] & (Concept.ACCOUNT.bit() | Concept.PASSWORD.bit())) != 0
        && raw.matches("[a-z]{4,20}\\d{0,4}")
        && !ThirdPartyWords.ACCOUNT_KINDS.contains(f)
        && !FIRST_NAMES.contains(f)) {
      // "das Konto von twagner", "la cuenta de iruiz": after "the account of" a bare word is whose.
      return k;
    }
    if (raw.matches("[A-Z]{2}[a-z]{2,15}\\d{0,4}")) {
      // "JSmith", "JDoe01": an initial joined to a surname, as some directories write them.
      return k;
    }
    if (!raw.matches("[a-z]{3,20}\\d{0,4}")) {
      return -1;
    }
    String letters = raw.replaceAll("\\d+$", "");
    if (letters.length() < raw.length()) {
      // "jsmith01": a name with a number, unless the letters are a thing ("win11", "laptop01").
      return NOT_USER_NAMES.contains(letters) || NOT_PEOPLE.contains(letters) ? -1 : k;
    }
    boolean vowel = letters.matches(".*[aeiouy].*");
    boolean twoConsonants =
        letters.length() >= 4
            && !isVowel(letters.charAt(0))
            && !isVowel(letters.charAt(1))
            && !ONSETS.contains(letters.substring(0, 2));
    return vowel && twoConsonants ? k : -1;
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
  private int personName(int k, boolean strict) {
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
        || ThirdParty.ordinaryWord(f)) {
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
        && spaceBetween(k, next)
        && sameLine(k, next)
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
    if (next < tokens.size() && sameLine(k, next) && nameWord(next)) {
      return next;
    }
    if (next + 1 < tokens.size()
        && Set.of("de", "van", "von", "da", "do", "dos", "del", "der", "le", "la", "di")
            .contains(tokens.get(next).folded())
        && sameLine(k, next + 1)
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
        && !ThirdParty.PEOPLE.contains(f)
        && !ThirdParty.ordinaryWord(f);
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
      if (i > 0 && !sameLine(i - 1, i)) {
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
        && sameLine(k, next)
        && (THING_AFTER.contains(tokens.get(next).folded()) || (c[next] & ThirdParty.OBJECT) != 0);
  }

  private boolean own(int first, int last, boolean userName) {
    List<String> words = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      Token t = tokens.get(i);
      words.add(text.substring(t.start(), t.end()));
    }
    return userName ? requester.ownsUserName(String.join("", words)) : requester.ownsName(words);
  }

  /**
   * The index of what ties the word at {@code k} to the request, looking back over titles, articles
   * and "user": "for", "of" after the thing asked about, "to" after a grant, a give-verb, an action
   * ("reset jsmith"), or for user names the thing itself ("password jsmith"); -1 if none.
   */
  private int tieBefore(int k, boolean userName) {
    for (int j = k - 1; j >= 0 && j >= k - 1 - FILLERS; j--) {
      String w = tokens.get(j).folded();
      boolean titleBetween = j == k - 1 && (HONORIFICS.contains(w) || initial(j));
      boolean colonBetween = j == k - 1 && labelBetween(j, k);
      if (!titleBetween
          && !colonBetween
          && !sameClause(j, k)
          && !(j + 1 < k && honorificBefore(k))) {
        return -1;
      }
      if (ThirdParty.FOR.contains(w)) {
        return j;
      }
      if (ThirdParty.OF.contains(w) && objectWithin(j, 3) && !givenToRequester(j)) {
        return j;
      }
      if ((ThirdParty.TO.contains(w) && grantBefore(j)) || ThirdParty.GIVE.contains(w)) {
        return userName || personName(k, true) >= 0 ? j : -1;
      }
      if ((c[j] & ACTION) != 0 && !neg[j]) {
        return userName || personName(k, true) >= 0 ? j : -1;
      }
      if (userName && j == k - 1 && USER_WORDS.contains(w)) {
        return j;
      }
      if (userName
          && j == k - 1
          && (c[j] & ThirdParty.OBJECT) != 0
          && (spaceBetween(j, k) || colonBetween)) {
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
  private int declaredAsOwn(int k) {
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
    if (j >= 1 && ThirdParty.firstPerson(tokens.get(j - 1).folded())) {
      return j - 1;
    }
    return copula && USER_CUES.contains(tokens.get(j).folded()) ? j : -1;
  }

  private static final Set<String> COPULAS = Set.of("is", "ist", "lautet", "est", "es", "e");

  /** "Password reset: jsmith", "user: 'jsmith'": a label and its value. */
  private boolean labelBetween(int a, int b) {
    return text.substring(tokens.get(a).end(), tokens.get(b).start()).matches("\\s*[:=]\\s*['\"]?");
  }

  /** "account jdoe", not "adm-jsmith", one name of two parts. */
  private boolean spaceBetween(int a, int b) {
    return text.substring(tokens.get(a).end(), tokens.get(b).start()).isBlank();
  }

  /**
   * "Frau Lange kehrt zurück", "unsere neue Kollegin Frau Heike Maier hat …", "M. Moreau revient":
   * a person with a title who opens a sentence is whom the ticket is about.
   */
  private boolean titledSubject(int k) {
    if (k < 1 || !honorificBefore(k) || initial(k - 1)) {
      return false;
    }
    int j = k - 2;
    while (j >= 0
        && sameClause(j, k - 1)
        && (ThirdParty.PEOPLE.contains(tokens.get(j).folded())
            || ThirdParty.DETERMINERS.contains(tokens.get(j).folded())
            || Set.of("unsere", "unser", "notre", "nuestra", "nuestro", "nossa", "nosso", "our")
                .contains(tokens.get(j).folded()))) {
      j--;
    }
    return j < 0 || !sameClause(j, k - 1);
  }

  /** "Herrn Maier", "Mr. Doe", and an initial: "J. Smith". */
  private boolean honorificBefore(int k) {
    return k > 0
        && !covered.get(tokens.get(k - 1).start())
        && (HONORIFICS.contains(tokens.get(k - 1).folded()) || initial(k - 1));
  }

  private boolean initial(int j) {
    Token t = tokens.get(j);
    return t.end() - t.start() == 1
        && Character.isUpperCase(text.charAt(t.start()))
        && t.end() < text.length()
        && text.charAt(t.end()) == '.';
  }

  /** Words that may stand between a tie and the name: articles, titles, "user", "colleague". */
  private boolean filler(int j) {
    String w = tokens.get(j).folded();
    return HONORIFICS.contains(w)
        || initial(j)
        || USER_CUES.contains(w)
        || ThirdParty.DETERMINERS.contains(w)
        || ThirdParty.PEOPLE.contains(w)
        || ThirdParty.USERS.contains(w)
        || Set.of("den", "dem", "der", "die", "le", "la", "les", "l", "el", "los", "o", "a", "os")
            .contains(w);
  }

  /**
   * "add me to the group of Bob", "give me access to the share of Maria": the requester is the one
   * given something; the person after "of" owns it.
   */
  private boolean givenToRequester(int at) {
    for (int k = at - 1; k > 0 && k >= at - 8 && sameClause(k, at); k--) {
      String w = tokens.get(k).folded();
      String before = tokens.get(k - 1).folded();
      if (Set.of("me", "mir", "mich", "moi", "mij").contains(w)
          && ((c[k - 1] & GRANT) != 0 || ThirdParty.GIVE.contains(before))) {
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

  private boolean grantBefore(int at) {
    for (int k = at - 1; k >= 0 && k >= at - 8 && sameClause(k, at); k--) {
      if ((c[k] & GRANT) != 0 || ThirdParty.GIVE.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  private boolean apostropheS(int end) {
    int s = end + 1;
    if (s >= tokens.size() || !tokens.get(s).folded().equals("s")) {
      return false;
    }
    String between = text.substring(tokens.get(end).end(), tokens.get(s).start());
    return between.equals("'") || between.equals("\u2019");
  }

  /** "Bob's password", "j.smith's account": 's and the thing asked about right after. */
  private boolean possessive(int end) {
    int s = end + 1;
    if (!apostropheS(end)) {
      return false;
    }
    for (int k = s + 1; k < tokens.size() && k <= s + 2 && sameClause(s, k); k++) {
      if ((c[k] & ThirdParty.OBJECT) != 0) {
        return true;
      }
    }
    return false;
  }

  /** "jsmith is locked out", "John forgot", "Bob needs a new password": the last word, or -1. */
  private int subjectOf(int end) {
    for (int k = end + 1; k < tokens.size() && k <= end + 3 && sameClause(end, k); k++) {
      String w = tokens.get(k).folded();
      if (ThirdParty.firstPerson(w)) {
        return -1;
      }
      // "Tom locked it by mistake" did something to the requester's account; "Tom is locked"
      // and "Tom locked out" are the ones who cannot get in.
      boolean locked =
          (c[k] & Concept.LOCKED_OUT.bit()) != 0
              || ((c[k] & Concept.LOCKED.bit()) != 0 && (k > end + 1 || passiveOrOut(k)));
      if (locked || FORGOT.contains(w) || NEEDS.contains(w) || cannot(k)) {
        // "Femke asked me", "Bob needs me to …": the requester follows, the request is theirs.
        for (int j = k + 1; j < tokens.size() && j <= k + 2 && sameClause(k, j); j++) {
          if (ThirdParty.firstPerson(tokens.get(j).folded())) {
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
    if (!ThirdPartyWords.MODALS.contains(tokens.get(k).folded())) {
      return false;
    }
    for (int j = Math.max(0, k - 1); j < tokens.size() && j <= k + 3; j++) {
      if (j != k && ThirdPartyWords.NOTS.contains(tokens.get(j).folded())) {
        return true;
      }
    }
    return false;
  }

  private boolean passiveOrOut(int k) {
    if (k + 1 >= tokens.size() || !sameClause(k, k + 1)) {
      return true;
    }
    String next = tokens.get(k + 1).folded();
    return next.equals("out")
        || !(ThirdParty.ordinaryWord(next) || (c[k + 1] & ThirdParty.OBJECT) != 0);
  }

  private ThirdParty.Sign sign(int first, int last, String kind, int nameFirst, int nameLast) {
    String name =
        text.substring(tokens.get(nameFirst).start(), tokens.get(nameLast).end())
            .replaceAll("\\s+", " ");
    return new ThirdParty.Sign(
        first, last, kind + " " + name + ": " + ThirdParty.quote(text, tokens, first, last));
  }

  private boolean sameClause(int a, int b) {
    return tokens.get(a).clause() == tokens.get(b).clause();
  }

  private boolean sameLine(int a, int b) {
    int from = Math.min(tokens.get(a).end(), tokens.get(b).end());
    int to = Math.max(tokens.get(a).start(), tokens.get(b).start());
    return from >= to || text.substring(from, to).indexOf('\n') < 0;
  }

  /** Text with several German function words: its nouns are capitalised and say nothing. */
  private static boolean germanish(List<Token> tokens) {
    Set<String> german =
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
    int hits = 0;
    for (Token t : tokens) {
      if (german.contains(t.folded()) && ++hits >= 2) {
        return true;
      }
    }
    return false;
  }
}
