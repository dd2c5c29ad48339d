package com.helpdeskverify.core.classify;

import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_PEOPLE;
import static com.helpdeskverify.core.classify.ThirdPartyWords.NOT_USER_NAMES;

import com.helpdeskverify.core.classify.ThirdParty.Sign;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account references that only accounts are shaped like: a domain and a backslash
 * ("ACME\jsmith"), a Jira mention ("[~accountid:…]", "[~jsmith]", "@John Doe"), a prefixed second
 * account ("adm-rpatel") and a name with a dot or underscore inside ("j.smith", "john_doe2"). They
 * count wherever they stand near the request; the requester's own are skipped.
 */
final class AccountShapes extends ThirdPartyRule {
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

  private static final Pattern TRAILING_DIGITS = Pattern.compile("\\d+$");

  private static final Pattern PARTS = Pattern.compile("[._]");

  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+|\\bwww\\.\\S+");

  /** "adm-rpatel", "a-jsmith", "sa_jdoe": a person's second, privileged account. */
  private static final Pattern PREFIXED_ACCOUNT =
      Pattern.compile(
          "(?<![\\p{L}\\d_.@/\\\\-])(?i:adm|admin|sa|da|priv|su|a|x|t0|t1|t2)[-_](\\p{L}[\\p{L}\\d._]{2,30})(?![\\p{L}\\d_@-])");

  /** A pattern of an account reference, and a quick test that a text may hold a match at all. */
  record Shape(Pattern pattern, Predicate<String> possible) {}

  static final Shape EMAIL = new Shape(ThirdParty.EMAIL, t -> t.indexOf('@') >= 0);
  static final Shape DOMAIN_USERS = new Shape(DOMAIN_USER, t -> t.indexOf('\\') >= 0);
  static final Shape JIRA_MENTIONS = new Shape(JIRA_MENTION, t -> t.contains("[~"));
  static final Shape AT_MENTIONS = new Shape(AT_MENTION, t -> t.indexOf('@') >= 0);
  static final Shape PREFIXED_ACCOUNTS =
      new Shape(PREFIXED_ACCOUNT, t -> t.indexOf('-') >= 0 || t.indexOf('_') >= 0);
  static final Shape DOTTED_USERS =
      new Shape(DOTTED_USER, AccountShapes::dotOrUnderscoreBeforeLetter);
  static final Shape URLS = new Shape(URL, t -> t.contains("://") || containsWww(t));

  /** In the order {@link #find} reads them. */
  static final List<Shape> SHAPES =
      List.of(
          EMAIL, DOMAIN_USERS, JIRA_MENTIONS, AT_MENTIONS, PREFIXED_ACCOUNTS, DOTTED_USERS, URLS);

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

  /** Characters inside an address or a shaped name, whose words are not names of their own. */
  private final BitSet covered = new BitSet();

  private final ThirdPartyRequester requester;
  private final List<Sign> signs = new ArrayList<>();

  private AccountShapes(ThirdPartyText in, ThirdPartyRequester requester) {
    super(in);
    this.requester = requester;
  }

  /**
   * Finds the shaped references in {@code in}.
   *
   * @param signs where the references found are added, in order of kind
   * @return the characters inside addresses, links and shaped names
   */
  static BitSet find(ThirdPartyText in, ThirdPartyRequester requester, List<Sign> signs) {
    AccountShapes shapes = new AccountShapes(in, requester);
    shapes.shaped();
    signs.addAll(shapes.signs);
    return shapes.covered;
  }

  /**
   * The matches of a shape's pattern in the text, found once and read twice (for {@link #covered}
   * and for the signs). Each pattern is run only when the text holds what every match of it must
   * contain: an ordinary 2 KB ticket has no '@', backslash or "[~", and scanning it with the
   * patterns' look-behinds at every character was most of the classifier's time (issue 15's
   * throughput).
   */
  private List<MatchResult> matches(Shape shape) {
    if (!shape.possible().test(text)) {
      return List.of();
    }
    List<MatchResult> found = new ArrayList<>();
    Matcher m = shape.pattern().matcher(text);
    while (m.find()) {
      found.add(m.toMatchResult());
    }
    for (MatchResult r : found) {
      covered.set(r.start(), r.end());
    }
    return found;
  }

  private void shaped() {
    matches(EMAIL);
    List<MatchResult> domainUsers = matches(DOMAIN_USERS);
    List<MatchResult> jiraMentions = matches(JIRA_MENTIONS);
    List<MatchResult> atMentions = matches(AT_MENTIONS);
    List<MatchResult> prefixed = matches(PREFIXED_ACCOUNTS);
    List<MatchResult> dotted = matches(DOTTED_USERS);
    matches(URLS);
    for (MatchResult m : domainUsers) {
      String domain = m.group(1).toLowerCase(Locale.ROOT);
      if (domain.startsWith("hk") || domain.equals("and") || domain.equals("or")) {
        continue;
      }
      if (!requester.ownsUserName(m.group(2))) {
        add(m.start(), m.end(), "account name " + m.group());
      }
    }
    for (MatchResult m : jiraMentions) {
      if (!requester.ownsUserName(m.group(1))) {
        add(m.start(), m.end(), "Jira mention " + m.group());
      }
    }
    for (MatchResult m : atMentions) {
      String name = m.group(1);
      if (GENERIC_MENTIONS.contains(name.toLowerCase(Locale.ROOT))
          || requester.ownsUserName(name)
          || requester.ownsName(m.group(2) == null ? List.of(name) : List.of(name, m.group(2)))) {
        continue;
      }
      add(m.start(), m.end(), "mention " + m.group());
    }
    for (MatchResult m : prefixed) {
      String name = m.group(1);
      if (!commonWord(name) && !requester.ownsUserName(name)) {
        add(m.start(), m.end(), "account name " + m.group());
      }
    }
    for (MatchResult m : dotted) {
      String name = m.group(1);
      String[] parts = PARTS.split(TRAILING_DIGITS.matcher(name).replaceAll(""));
      String last = parts[parts.length - 1];
      String first = parts[0];
      // "svc_backup" is an account; "done.thanks" is a sentence missing its space.
      if (NOT_A_NAME_ENDING.contains(last.toLowerCase(Locale.ROOT))
          || !sameCaseStyle(parts)
          || (commonWord(first) && commonWord(last))
          || (commonWord(first) || commonWord(last)) && name.indexOf('_') < 0
          || requester.ownsUserName(name)) {
        continue;
      }
      add(m.start(), m.end(), "user name " + name);
    }
  }

  /**
   * Whether a '.' or '_' stands right before a letter: every {@link #DOTTED_USER} has one
   * ("j.smith", "john_doe"); prose, whose dots are followed by a space, has none.
   */
  static boolean dotOrUnderscoreBeforeLetter(String text) {
    for (int i = 0; i + 1 < text.length(); i++) {
      char ch = text.charAt(i);
      if ((ch == '.' || ch == '_') && Character.isLetter(text.codePointAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /** "www." in any ASCII letter case, as {@link #URL}'s {@code (?i)} reads it. */
  static boolean containsWww(String text) {
    for (int i = text.indexOf('.'); i >= 3; i = text.indexOf('.', i + 1)) {
      if ((text.charAt(i - 1) | 0x20) == 'w'
          && (text.charAt(i - 2) | 0x20) == 'w'
          && (text.charAt(i - 3) | 0x20) == 'w') {
        return true;
      }
    }
    return false;
  }

  /** "j.smith", "John.Doe", "JSMITH.X" but not "password.Thanks", a sentence missing its space. */
  private static boolean sameCaseStyle(String[] parts) {
    boolean lower = true;
    boolean capitalised = true;
    for (String p : parts) {
      lower &= p.equals(p.toLowerCase(Locale.ROOT));
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
            || PersonWords.ordinaryWord(f)
            || conceptOf(f) != 0);
  }

  private Map<String, Integer> conceptsByWord;

  private int conceptOf(String folded) {
    if (conceptsByWord == null) {
      conceptsByWord = new HashMap<>();
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
    int first = in.tokenAt(start);
    int last = in.tokenAt(to);
    if (first < 0 || last < 0 || neg[first] || ThirdParty.copy(tokens, first)) {
      return;
    }
    signs.add(new Sign(first, last, what, true));
  }
}
