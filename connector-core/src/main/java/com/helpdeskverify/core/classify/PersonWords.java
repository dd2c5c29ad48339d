package com.helpdeskverify.core.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The words of the phrases that point at a person other than the requester, in the six languages
 * (folded): people as nouns, the prepositions that tie them to a request ("for", "of", "to" after a
 * grant), possessives and pronouns, "on behalf of", and the function words that name nobody. The
 * rules that match them are {@link PersonPhrases} and {@link AccountReferences}.
 */
final class PersonWords {
  private PersonWords() {}

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

  /** Verbs of giving that take the person first: "grant my colleague Tom access". */
  static final Set<String> GIVE =
      words(
          "give grant gib gebt geben geef geven verleen verlenen erteilen accorder accordez donner"
              + " donnez dar conceder concedan");

  /** "Of": whoever follows owns the object just before ("the account of", "Konto meines"). */
  static final Set<String> OF =
      words("of von vom des der meines meiner unseres unserer eines einer de du do da dos das van");

  static final Set<String> FIRST_PERSON =
      words(
          "my me mine i myself mein meine meinen meinem meiner meines mich mir ich mon ma mes moi"
              + " je mi mis yo mijn me ik meu minha meus minhas eu");

  /** Third-person possessives that stand before the object: "her password", "son compte". */
  static final Set<String> THEIR = words("his her their sein seine seinen seines son sa ses haar");

  /** Third-person possessives that follow the object: "a senha dele". */
  static final Set<String> THEIRS_AFTER = words("dele dela deles delas");

  /** Third persons a request can be for: "for her", "voor hem", "pour lui". */
  static final Set<String> PRONOUNS = words("him her them ihn lui elle ella hem haar ele ela");

  /** Third persons as the one locked out: "she is locked out". */
  static final Set<String> SUBJECTS = words("he she hij");

  /** Names followed by 's that are products, not people: "Microsoft's authenticator". */
  static final Set<String> NOT_PEOPLE =
      words(
          "it that what there here who let microsoft okta google apple duo windows azure office"
              + " outlook teams jira servicenow github company today yesterday everyone nobody");

  static final List<List<String>> BEHALF =
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

  static final Set<String> DE_WITH_ARTICLE = words("du des del do da dos das d");

  /** Words that make the word before them a modifier: "user account", "user name". */
  static final Set<String> USER_MODIFIED =
      words("account accounts name id profile portal login interface directory settings");

  /** After a person: the person cannot get in ("my boss forgot"). */
  static final Set<String> FORGOT =
      words(
          "forgot forgotten vergessen oublie olvido olvidado olvidada esqueceu esquecido vergeten");

  /** Words before "he" where it is Spanish "I have": "me he quedado bloqueada". */
  static final Set<String> SPANISH_CLITICS = words("me yo ya lo la no te se le");

  /** "my assistant has been trying since 8", "meine Sekretärin versucht": cannot get in. */
  static final Set<String> TRYING =
      words(
          "trying tries tried versucht versuchte essaie essayait intentando intenta lleva"
              + " probeert probeerde tentar tentando tenta");

  /** Words of a clause that tells what happened before: "you reset his Authenticator last week". */
  static final Set<String> PAST =
      words(
          "had did yesterday last week avait avez ont hier derniere dernier semaine hatte hattet"
              + " gestern letzte letzten vorige tenia tuvo ayer pasada pasado hadden gisteren"
              + " tinha ontem passada passado");

  /** The requester as the one a request is on behalf of: "myself", "moi", "mí", "mij". */
  static final Set<String> SELF =
      words("me myself mich mir ich moi moimeme yo mij mijzelf ik mim eu");

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
