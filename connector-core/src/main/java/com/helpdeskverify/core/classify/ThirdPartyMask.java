package com.helpdeskverify.core.classify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a ticket that name people without the request being for them: quoted e-mail headers
 * ("From: Bob &lt;bob@…&gt;", "Von:", "De :", "Envoyé :"), reply lines ("On Monday Bob wrote:"),
 * greetings ("Hi Bob,", "Hallo Herr Maier,"), a mention that addresses the reader ("@Bob, please
 * …") and signatures ("Thanks, John Doe", "Regards,\nJohn", "-- "). References found there are no
 * sign of a third party.
 */
final class ThirdPartyMask {
  /** Lines a signature may run over after its closing. */
  private static final int SIGNATURE_LINES = 8;

  static final Pattern HEADER =
      Pattern.compile(
          "(?im)^[ \\t>]*(?:from|to|cc|bcc|sent|date|subject|reply-to|von|an|gesendet|betreff|"
              + "datum|kopie|de|à|a|envoyé|envoye|objet|date|para|enviado|asunto|assunto|cco|van|"
              + "aan|verzonden|onderwerp|datum)[ \\t]*:[^\\n]*$");

  static final Pattern REPLY =
      Pattern.compile(
          "(?im)^[ \\t>]*(?:on|am|le|el|op|em)\\b[^\\n]{0,200}\\b(?:wrote|schrieb|a écrit|a ecrit|"
              + "escribió|escribio|schreef|escreveu)\\b[^\\n]*$");

  static final Pattern GREETING =
      Pattern.compile(
          "(?mu)(?:^|(?<=[.!?]\\s))[ \\t]*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening)|"
              + "hallo|liebe|lieber|sehr geehrte[rs]?|guten (?:morgen|tag|abend)|moin|servus|"
              + "bonjour|bonsoir|salut|cher|chère|chere|hola|buenos días|buenos dias|buenas tardes|"
              + "buenas|estimad[oa]s?|querid[oa]s?|hoi|beste|geachte|goedemorgen|goedemiddag|dag|"
              + "olá|ola|oi|bom dia|boa tarde|prezad[oa]s?|car[oa]s?)\\b"
              // The addressee: names, titles and "team", never the request itself, so "Hi, please
              // reset the password for Bob" keeps its Bob.
              + "(?:[ \\t]+(?:\\p{Lu}[\\p{L}.'-]*|(?i:herr|frau|team|all|everyone|there|folks|guys|"
              + "zusammen|tous|todos|todas|allemaal|equipe|équipe|support|helpdesk|servicedesk|"
              + "and|und|et|y|e|en))){0,4}[ \\t]*[,:!]?");

  /** "@Bob, please …": a mention at the start of a line that addresses the reader. */
  static final Pattern ADDRESSING_MENTION =
      Pattern.compile(
          "(?m)^[ \\t]*(?:@[\\w.-]+(?:[ \\t]+\\p{Lu}[\\p{L}-]*)?|\\[~[^\\]]{1,80}])[ \\t]*(?:[,:]|"
              + "(?=(?i:please|pls|can|could|would|bitte|kannst|konnt|könnt|merci|pouvez|peux|"
              + "por favor|puedes|puede|graag|kun|kunnen|pode|podem|hi|hello|thanks|thank|thx|danke|"
              + "vielen|merci|gracias|bedankt|dank|obrigad[oa]|as discussed|wie besprochen|"
              + "comme convenu|como hablamos|zoals besproken|como combinado)\\b))");

  static final Pattern CLOSING =
      Pattern.compile(
          "(?mu)(?:^|(?<=[.!?)]\\s))[ \\t]*(?i:--|thanks(?: (?:a lot|again|in advance))?|"
              + "thank you(?: (?:very much|in advance))?|many thanks|thx|ty|cheers|regards|"
              + "best(?: regards| wishes)?|kind regards|warm regards|sincerely|br|kr|"
              + "mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|beste grüße|"
              + "viele grüße|liebe grüße|grüße|gruß|gruss|lg|vg|mfg|danke(?: schön| dir| euch)?|"
              + "vielen dank|merci(?: beaucoup| d'avance)?|cordialement|bien cordialement|"
              + "bien à vous|salutations|bonne journée|gracias|muchas gracias|saludos|un saludo|"
              + "saludos cordiales|atentamente|bedankt|alvast bedankt|groeten|groet|"
              + "met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|mvg|obrigad[oa]|"
              + "muito obrigad[oa]|atenciosamente|cumprimentos|abraço|abraços|att)"
              // A closing ends its line or is followed by a name only ("Thanks, John Doe").
              + "[ \\t]*[,!.]?(?:[ \\t]*(?:\\p{Lu}[\\p{L}.'-]*[ \\t]*){0,3}"
              + "(?:[(<][^\\n)>]{0,60}[)>])?[^\\n\\p{L}]{0,40})?$");

  /** A lower-case word of four letters or more, outside addresses: a sentence, not a name. */
  private static final Pattern SENTENCE =
      Pattern.compile("(?:^|\\s)\\p{Ll}{4,}(?=\\s|[,.!?;:](?:\\s|$)|$)");

  private ThirdPartyMask() {}

  /** The characters of {@code text} that belong to headers, greetings and signatures. */
  static BitSet of(String text) {
    BitSet masked = new BitSet(text.length());
    mark(find(HEADER, text, false), masked);
    mark(find(REPLY, text, false), masked);
    mark(find(GREETING, text, true), masked);
    mark(find(ADDRESSING_MENTION, text, false), masked);
    for (MatchResult closing : find(CLOSING, text, true)) {
      // The closing and what follows it: the name, title, phone and address of the writer.
      int end = closing.end();
      for (int line = 0; line < SIGNATURE_LINES && end < text.length(); line++) {
        int next = text.indexOf('\n', end + 1);
        String content = text.substring(end, next < 0 ? text.length() : next).strip();
        if (looksLikeRequest(content)) {
          break;
        }
        end = next < 0 ? text.length() : next;
      }
      masked.set(closing.start(), end);
    }
    return masked;
  }

  /**
   * A line after a closing that goes on asking ("Also, please reset …"): the text after a sign-off
   * is a signature only while its lines are short and without a sentence.
   */
  private static boolean looksLikeRequest(String line) {
    return line.length() > 80 || line.split("\\s+").length > 8 || SENTENCE.matcher(line).find();
  }

  private static void mark(List<MatchResult> found, BitSet masked) {
    for (MatchResult m : found) {
      masked.set(m.start(), m.end());
    }
  }

  /**
   * What {@code p.matcher(text).find()} finds, one after the other, for a pattern that can only
   * start where a line starts ({@code (?m)^}) or, with {@code afterSentence}, also after a sentence
   * end and a space ({@code (?<=[.!?]\s)}, {@code (?<=[.!?)]\s)}). The pattern is tried only at
   * those characters: find() tried it at every character of the ticket, which cost more than all
   * the rules (issue 15's throughput). Transparent, non-anchoring bounds make the look-behinds,
   * {@code ^}, {@code $} and {@code \b} read the whole text, so each attempt is find()'s own.
   */
  static List<MatchResult> find(Pattern p, String text, boolean afterSentence) {
    List<MatchResult> found = new ArrayList<>();
    Matcher m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      if (!lineStart(text, i) && !(afterSentence && afterSentenceEnd(text, i))) {
        continue;
      }
      m.region(i, n);
      if (m.lookingAt()) {
        found.add(m.toMatchResult());
        // find() goes on after the match, or one character further after an empty one.
        i = Math.max(i, m.end() - 1);
      }
    }
    return found;
  }

  /** Where {@code (?m)^} matches: the start, or after a line terminator other than the last. */
  private static boolean lineStart(String text, int i) {
    if (i == 0) {
      return true;
    }
    if (i == text.length()) {
      return false;
    }
    char ch = text.charAt(i - 1);
    return ch == '\n'
        || ch == '\r' && text.charAt(i) != '\n'
        || ch == '\u0085'
        || ch == '\u2028'
        || ch == '\u2029';
  }

  /** After ".", "!", "?" or ")" and a white space character ({@code \s}). */
  private static boolean afterSentenceEnd(String text, int i) {
    if (i < 2) {
      return false;
    }
    char end = text.charAt(i - 2);
    char space = text.charAt(i - 1);
    return (end == '.' || end == '!' || end == '?' || end == ')')
        && (space == ' '
            || space == '\t'
            || space == '\n'
            || space == '\u000B'
            || space == '\f'
            || space == '\r');
  }
}
