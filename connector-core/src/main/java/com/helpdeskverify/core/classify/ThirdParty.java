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
 */
final class ThirdParty {
  /** Words between a sign and the sensitive phrase it belongs to. */
  static final int WINDOW = 8;

  /** Words allowed between a preposition and the person: "for one of my new colleagues". */
  private static final int FILLERS = 3;

  static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})+");

  /** People other than the requester, as nouns, in the six languages (folded). */
  static final Set<String> PEOPLE =
      words(
          "manager managers boss bosses colleague colleagues coworker coworkers workmate teammate"
              + " teammates supervisor assistant employee employees intern interns director ceo cfo"
              + " cto wife husband son daughter father mother friend contractor consultant member"
              + " members hire joiner joiners starter starters newcomer someone somebody trainee"
              + " apprentice dba developer developers engineer engineers analyst technician"
              + " secretary sekretarin sekretar secretaire secretaria secretario secretaresse"
              + " assistente assistent assistentin"
              + " freelancer freelancers temp temps vendor visitor guest student students"
              // de
              + " kollege kollegen kollegin kolleginnen chef chefin chefs vorgesetzte vorgesetzten"
              + " vorgesetzter mitarbeiter mitarbeiterin mitarbeiters mitarbeitenden praktikant"
              + " praktikanten praktikantin assistentin assistenz teamleiter teamleiterin"
              + " abteilungsleiter abteilungsleiterin geschaftsfuhrer geschaftsfuhrerin jemand"
              + " jemanden azubi"
              // fr
              + " collegue collegues cheffe responsable superieur superieure employe employee"
              + " employes stagiaire assistante directeur directrice equipier equipiere"
              + " collaborateur collaboratrice recrue recrues arrivant arrivante quelqu"
              // es
              + " companero companera companeros companeras jefe jefa colega colegas empleado"
              + " empleada gerente asistente directora becario becaria alguien"
              // nl
              + " collega collegas baas leidinggevende medewerker medewerkster stagiair teamlid"
              + " teamgenoot nieuwkomer iemand"
              // pt
              + " chefe gestor gestora funcionario funcionaria diretor diretora estagiario"
              + " estagiaria alguem");

  /**
   * "User": another person after "for the user", "für den Benutzer", but the requester's own
   * account in "mi usuario está bloqueado", so never after a first-person possessive.
   */
  static final Set<String> USERS =
      words(
          "user users benutzer benutzerin nutzer nutzerin utilisateur utilisatrice usuario usuaria"
              + " usuarios gebruiker gebruikers utilizador utilizadora");

  /** "For": the request is for whoever follows. */
  static final Set<String> FOR = words("for fur fuer pour para voor");

  /**
   * "To" after a grant: "grant admin rights to our new team member". Only determiners may stand
   * between, so "access to the folder my manager shares" is no sign.
   */
  static final Set<String> TO = words("to aan an a ao aos au aux al");

  static final Set<String> DETERMINERS =
      words(
          "the a an our my this new team one of two three unseren unserem unsere meinen meinem"
              + " meiner onze mijn de het nieuwe neuen neue neuer");

  private static final int GRANT = Concept.REQUEST.bit() | Concept.ADD.bit();

  /** Verbs of giving that take the person first: "grant my colleague Tom access". */
  static final Set<String> GIVE =
      words(
          "give grant gib gebt geben geef geven verleen verlenen erteilen accorder accordez donner"
              + " donnez dar conceder concedan");

  /** "Of": whoever follows owns the object just before ("the account of", "Konto meines"). */
  static final Set<String> OF =
      words("of von vom des der meines meiner unseres unserer eines einer de du do da dos das van");

  private static final Set<String> FIRST_PERSON =
      words(
          "my me mine i myself mein meine meinen meinem meiner meines mich mir ich mon ma mes moi"
              + " je mi mis yo mijn me ik meu minha meus minhas eu");

  /** Third-person possessives that stand before the object: "her password", "son compte". */
  private static final Set<String> THEIR =
      words("his her their sein seine seinen seines son sa ses haar");

  /** Third-person possessives that follow the object: "a senha dele". */
  private static final Set<String> THEIRS_AFTER = words("dele dela deles delas");

  /** Third persons a request can be for: "for her", "voor hem", "pour lui". */
  private static final Set<String> PRONOUNS =
      words("him her them ihn lui elle ella hem haar ele ela");

  /** Third persons as the one locked out: "she is locked out". */
  private static final Set<String> SUBJECTS = words("he she hij");

  /** Names followed by 's that are products, not people: "Microsoft's authenticator". */
  private static final Set<String> NOT_PEOPLE =
      words(
          "it that what there here who let microsoft okta google apple duo windows azure office"
              + " outlook teams jira servicenow github company today yesterday everyone nobody");

  private static final List<List<String>> BEHALF =
      List.of(
          List.of("on", "behalf"),
          List.of("someone", "else"),
          List.of("somebody", "else"),
          List.of("another", "user"),
          List.of("another", "person"),
          List.of("other", "user"),
          List.of("im", "auftrag"),
          List.of("im", "namen"),
          List.of("au", "nom", "de"),
          List.of("de", "la", "part", "de"),
          List.of("pour", "le", "compte", "de"),
          List.of("en", "nombre", "de"),
          List.of("a", "nombre", "de"),
          List.of("de", "parte", "de"),
          List.of("namens"),
          List.of("in", "naam", "van"),
          List.of("uit", "naam", "van"),
          List.of("em", "nome", "de"),
          List.of("a", "pedido", "de"));

  private static final Set<String> DE_WITH_ARTICLE = words("du des del do da dos das d");

  /** Words that make the word before them a modifier: "user account", "user name". */
  private static final Set<String> USER_MODIFIED =
      words("account accounts name id profile portal login interface directory settings");

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

  private static final int LOCKED = Concept.LOCKED.bit() | Concept.LOCKED_OUT.bit();

  private static final Set<String> FORGOT =
      words(
          "forgot forgotten vergessen oublie olvido olvidado olvidada esqueceu esquecido vergeten");

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
    BitSet masked = ThirdPartyMask.of(text);
    List<Sign> signs = new ArrayList<>();
    emails(text, tokens, requester, signs);
    signs.addAll(AccountReferences.find(text, tokens, c, neg, requester));
    phrases(text, tokens, c, requester, signs);
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

  private static void emails(
      String text, List<Token> tokens, ThirdPartyRequester requester, List<Sign> signs) {
    Matcher m = EMAIL.matcher(text);
    while (m.find()) {
      String address = m.group();
      if (requester.ownsAddress(address)) {
        continue;
      }
      int first = tokenAt(tokens, m.start());
      int last = tokenAt(tokens, m.end() - 1);
      if (first < 0 || last < 0 || copyOrResource(tokens, first)) {
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

  /** The token containing character {@code at}, or -1. */
  static int tokenAt(List<Token> tokens, int at) {
    int lo = 0;
    int hi = tokens.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Token t = tokens.get(mid);
      if (t.end() <= at) {
        lo = mid + 1;
      } else if (t.start() > at) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return lo < tokens.size() ? lo : -1;
  }

  private static void phrases(
      String text, List<Token> tokens, int[] c, ThirdPartyRequester requester, List<Sign> signs) {
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      String w = tokens.get(i).folded();
      boolean pronouns = !requester.pronounsAreTheRequester();
      if (FOR.contains(w)) {
        person(text, tokens, c, i, false, pronouns, signs);
      }
      if ((TO.contains(w) && grantBefore(tokens, c, i)) || GIVE.contains(w)) {
        person(text, tokens, c, i, true, pronouns, signs);
      }
      if (OF.contains(w) && i > 0 && (c[i - 1] & OBJECT) != 0) {
        // German genitives ("meines Kollegen") are "of my" in one word, and count as both.
        person(text, tokens, c, i, false, pronouns, signs);
      }
      behalf(text, tokens, i, signs);
      if (pronouns
          && THEIR.contains(w)
          && objectWithin(tokens, c, i, 3)
          && !toldOfThePast(tokens, i)) {
        signs.add(sign(text, tokens, i, i + 1));
      }
      if (pronouns && THEIRS_AFTER.contains(w) && i > 0 && objectBefore(tokens, c, i, 2)) {
        signs.add(sign(text, tokens, i - 1, i));
      }
      // "me he quedado bloqueada": Spanish "he" is "I have".
      if (pronouns
          && SUBJECTS.contains(w)
          && !(i > 0 && SPANISH_CLITICS.contains(tokens.get(i - 1).folded()))) {
        lockedOut(text, tokens, c, i, i, signs);
      }
      if (i + 1 < n
          && tokens.get(i + 1).folded().equals("s")
          && apostropheBetween(text, tokens.get(i), tokens.get(i + 1))
          && possessor(text, tokens, c, i)
          && !requester.ownsName(
              List.of(text.substring(tokens.get(i).start(), tokens.get(i).end())))
          && objectWithin(tokens, c, i + 1, 2)) {
        signs.add(sign(text, tokens, i, Math.min(n - 1, i + 2)));
      }
      if (i > 0
          && PEOPLE.contains(w)
          && FIRST_PERSON.contains(tokens.get(i - 1).folded())
          && sameClause(tokens, i - 1, i)) {
        lockedOut(text, tokens, c, i - 1, i, signs);
      }
    }
  }

  /** "for my manager", "of my colleague Bob", "meines Kollegen": a person follows {@code at}. */
  private static void person(
      String text,
      List<Token> tokens,
      int[] c,
      int at,
      boolean strict,
      boolean pronouns,
      List<Sign> signs) {
    boolean firstPerson = FIRST_PERSON.contains(tokens.get(at).folded());
    for (int k = at + 1; k < tokens.size() && k <= at + FILLERS + 1; k++) {
      if (!sameClause(tokens, at, k)) {
        return;
      }
      String w = tokens.get(k).folded();
      int next = k + 1 < tokens.size() ? c[k + 1] : 0;
      boolean nextModifies =
          k + 1 < tokens.size() && USER_MODIFIED.contains(tokens.get(k + 1).folded());
      if (strict
          && k + 1 < tokens.size()
          && tokens.get(k + 1).folded().equals("s")
          && apostropheBetween(text, tokens.get(k), tokens.get(k + 1))) {
        // "access to my manager's calendar": the manager owns what is asked for, not the request.
        return;
      }
      if (PRONOUNS.contains(w) && k == at + 1) {
        if (pronouns) {
          signs.add(sign(text, tokens, at, k));
        }
        return;
      }
      if (PEOPLE.contains(w)
          && !nextModifies
          && (next & (Concept.ACCOUNT.bit() | Concept.PASSWORD.bit())) == 0) {
        signs.add(sign(text, tokens, at, withName(tokens, k)));
        return;
      }
      if (USERS.contains(w) && !firstPerson && !nextModifies && (next & OBJECT) == 0) {
        signs.add(sign(text, tokens, at, withName(tokens, k)));
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

  private static void behalf(String text, List<Token> tokens, int at, List<Sign> signs) {
    String w = tokens.get(at).folded();
    for (List<String> term : BEHALF) {
      if (!term.get(0).equals(w) || at + term.size() > tokens.size()) {
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
      if (match && !selfAfter(tokens, at + term.size())) {
        signs.add(sign(text, tokens, at, Math.min(tokens.size() - 1, at + term.size())));
      }
    }
  }

  private static final Set<String> SPANISH_CLITICS = words("me yo ya lo la no te se le");

  /** "my assistant has been trying since 8", "meine Sekretärin versucht": cannot get in. */
  private static final Set<String> TRYING =
      words(
          "trying tries tried versucht versuchte essaie essayait intentando intenta lleva"
              + " probeert probeerde tentar tentando tenta");

  /** Words of a clause that tells what happened before: "you reset his Authenticator last week". */
  private static final Set<String> PAST =
      words(
          "had did yesterday last week avait avez ont hier derniere dernier semaine hatte hattet"
              + " gestern letzte letzten vorige tenia tuvo ayer pasada pasado hadden gisteren"
              + " tinha ontem passada passado");

  private static boolean toldOfThePast(List<Token> tokens, int at) {
    int clause = tokens.get(at).clause();
    for (int k = Math.max(0, at - 12); k < tokens.size() && k <= at + 6; k++) {
      if (tokens.get(k).clause() == clause && PAST.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  /** The requester as the one a request is on behalf of: "myself", "moi", "mí", "mij". */
  private static final Set<String> SELF =
      words("me myself mich mir ich moi moimeme yo mij mijzelf ik mim eu");

  /** "on behalf of myself", "im Namen von mir": the requester after all. */
  private static boolean selfAfter(List<Token> tokens, int at) {
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
  private static void lockedOut(
      String text, List<Token> tokens, int[] c, int first, int last, List<Sign> signs) {
    for (int k = last + 1; k < tokens.size() && k <= last + 10; k++) {
      if (!sameClause(tokens, last, k)) {
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
        Sign found = sign(text, tokens, first, k);
        // "my assistant has been trying since 8 … the password is wrong … please reset": the
        // person is named a sentence before the request.
        signs.add(new Sign(found.first(), found.last(), found.what(), true));
        return;
      }
    }
  }

  /** The person's word and the name after it, if one follows in the clause: "my colleague Bob". */
  private static int withName(List<Token> tokens, int person) {
    return person + 1 < tokens.size() && sameClause(tokens, person, person + 1)
        ? person + 1
        : person;
  }

  /** "grant ... to": a grant or add within six words before {@code at}, in its clause. */
  private static boolean grantBefore(List<Token> tokens, int[] c, int at) {
    for (int k = at - 1; k >= 0 && k >= at - 6 && sameClause(tokens, k, at); k--) {
      if ((c[k] & GRANT) != 0 || GIVE.contains(tokens.get(k).folded())) {
        return true;
      }
    }
    return false;
  }

  /** "Carol's", "my colleague's": a person, not a product or "it's". */
  private static boolean possessor(String text, List<Token> tokens, int[] c, int i) {
    String w = tokens.get(i).folded();
    if (PEOPLE.contains(w) || USERS.contains(w)) {
      return true;
    }
    Token t = tokens.get(i);
    boolean capitalised = Character.isUpperCase(text.charAt(t.start()));
    return capitalised && c[i] == 0 && !NOT_PEOPLE.contains(w) && !FIRST_PERSON.contains(w);
  }

  private static boolean apostropheBetween(String text, Token a, Token b) {
    String between = text.substring(a.end(), b.start());
    return between.equals("'") || between.equals("\u2019");
  }

  private static boolean objectWithin(List<Token> tokens, int[] c, int at, int words) {
    for (int k = at + 1; k < tokens.size() && k <= at + words; k++) {
      if (!sameClause(tokens, at, k)) {
        return false;
      }
      if ((c[k] & OBJECT) != 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean objectBefore(List<Token> tokens, int[] c, int at, int words) {
    for (int k = at - 1; k >= 0 && k >= at - words; k--) {
      if ((c[k] & OBJECT) != 0 && sameClause(tokens, k, at)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameClause(List<Token> tokens, int a, int b) {
    return tokens.get(a).clause() == tokens.get(b).clause();
  }

  private static Sign sign(String text, List<Token> tokens, int first, int last) {
    return new Sign(first, last, quote(text, tokens, first, last));
  }

  /** The words from {@code first} to {@code last}, quoted, at most 80 characters. */
  static String quote(String text, List<Token> tokens, int first, int last) {
    String phrase =
        text.substring(
                tokens.get(first).start(),
                Math.min(tokens.get(last).end(), tokens.get(first).start() + 80))
            .replaceAll("\\s+", " ")
            .strip();
    return "\"" + phrase + "\"";
  }

  static boolean firstPerson(String folded) {
    return FIRST_PERSON.contains(folded);
  }

  /**
   * Function words and common verbs of the six languages: after "for" or "user" they continue the
   * sentence and name nobody.
   */
  static boolean ordinaryWord(String folded) {
    return ORDINARY.contains(folded)
        || FOR.contains(folded)
        || OF.contains(folded)
        || TO.contains(folded)
        || FIRST_PERSON.contains(folded)
        || DETERMINERS.contains(folded)
        || PRONOUNS.contains(folded)
        || THEIR.contains(folded);
  }

  private static final Set<String> ORDINARY =
      words(
          "is are was were be been being has have had who which that this these those can"
              + " cannot could would should will shall may might must not no yes and or but if"
              + " then also just only still already again here there when where why how what with"
              + " without from into onto about after before since until while during by at in on"
              + " as so too very all any some each every both either neither none other another"
              + " same such own more most less least much many few one two three first last next"
              + " old now today asap please thanks thank you your yours he she it they them we us"
              + " its it's his her their everyone everybody anyone nobody"
              + " ist sind war hat haben wird kann muss soll und oder aber wenn dann auch nur noch"
              + " schon wieder hier dort wer was wie wo warum ohne aus bei nach vor seit bis"
              + " wahrend durch als sehr alle ein eine einer einen einem der die das den dem des"
              + " sie er es wir ihr bitte danke"
              + " est sont etait a ont sera peut doit et ou mais si alors aussi seulement encore"
              + " deja ici la qui que quoi comment pourquoi avec sans dans sur sous par chez comme"
              + " tres tous tout toute il elle ils nous vous le les un une merci"
              + " es son fue ha han puede debe y o pero entonces tambien solo todavia ya aqui alli"
              + " quien como donde con sin en sobre muy todos todo el los las una gracias favor"
              + " zijn heeft hebben wordt moet en of maar als dan ook alleen nog al weer daar wie"
              + " wat hoe waar waarom zonder uit bij na sinds tot tijdens door zo zeer alle een"
              + " het hij zij wij jullie"
              + " e sao foi tem ter pode deve mas se entao tambem ainda ja ali quem onde porque"
              + " com sem em muito os as um uma ele ela eles obrigado obrigada del al");

  private static Set<String> words(String list) {
    return Set.copyOf(Arrays.asList(list.split(" ")));
  }
}
