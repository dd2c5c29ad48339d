package com.helpdeskverify.core.classify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

/**
 * The words of each {@link Concept} in English, German, French, Spanish, Dutch and Portuguese. A
 * word is folded (lower case, accents removed: Lucene's ASCII folding) and stemmed with the
 * Snowball stemmer of every one of the six languages, so inflected forms match without knowing the
 * ticket's language. Compound parts (German and Dutch glue nouns together) and a few multi-word
 * terms are matched too. The meaning of each distinct word is computed once and cached.
 */
final class Lexicon {
  private static final int CACHE_LIMIT = 200_000;

  /** Word lists: the concept, then its words (folded or not, inflected or not). */
  private static final Map<Concept, String> WORDS = new EnumMap<>(Concept.class);

  /** Parts that mark a compound word: Passwortrücksetzung, Adminrechte, beheerdersaccount. */
  private static final Map<Concept, String> PARTS = new EnumMap<>(Concept.class);

  /** Multi-word terms, matched on folded words in sequence. */
  static final List<Map.Entry<Concept, List<String>>> TERMS = new ArrayList<>();

  /** The terms by their first word, so a ticket's words are looked up rather than scanned for. */
  private static final Map<String, List<Map.Entry<Concept, List<String>>>> TERMS_BY_FIRST =
      new HashMap<>();

  static {
    WORDS.put(
        Concept.PASSWORD,
        "pin pincode pincodes passphrase zugangsdaten anmeldedaten logindaten identifiants credenciales credenciais inloggegevens initialkennwort einmalkennwort password passwords pw pwd passwd passwrod pasword passcode credential credentials passwort passworter kennwort kennworter mdp contrasena contrasenas clave senha senhas wachtwoord wachtwoorden ww passwrd passowrd pasword");
    WORDS.put(
        Concept.RESET,
        "initialise initialize initialized initialised initialisieren initialisiert initialiser initialisez inicializar inicialicen inicializem initialiseren regenerate rotate rotated reissue reset resets resetting resetted forgot forgotten forget expired expire vergessen abgelaufen zurucksetzen zurucksetzung zurueck rucksetzen reinitialiser reinitialisez reinitialisation reinitialise oublie oublier expire restablecer restablezcan restablezca restablecerla restablezcanla resetear reseteen resetearla olvide olvido olvidada caduco caducada caducado redefinir redefinam redefinida resetar repor esqueci esquecida expirou verlopen vergeten resetten herstellen vertippt  redefinicao zuruckgesetzt");
    WORDS.put(
        Concept.NEWISH,
        "new temporary initial initialpasswort neues neue neuen temporares provisoire nouveau nouvelle nueva nuevo temporal nova novo temporaria tijdelijk nieuw nieuwe neuer");
    WORDS.put(
        Concept.MFA,
        "yubikey yubikeys fido2 fido passkey passkeys securid authentifizierungsapp sicherheitsschlussel beveiligingssleutel 2sv mfa 2fa otp authenticator duo authentifizierung verify multifactor multifator tweestapsverificatie mehrstufige mehrstufig multifacteur multifactorielle");
    WORDS.put(
        Concept.PHONE,
        "phone phones iphone smartphone handy telefon diensthandy telephone portable telefono movil celular telefoon telemovel");
    WORDS.put(
        Concept.CHANGED,
        "wiped factory reinstalled upgraded died dead geloscht perdue vole cassee perdida robaron rota roubaram quebrou kwijtgeraakt gewist new changed switched moved lost broke broken stolen wiped uninstalled replaced neues neue gewechselt verloren kaputt gestohlen nouveau change perdu casse vole cambie nuevo perdi roto robado novo troquei perdi quebrou roubado nieuwe gewisseld kwijt kapot gestolen");
    WORDS.put(
        Concept.REREGISTER,
        "register reregister enroll enrol enrollment reenroll remove clear einrichten registrieren entfernen enregistrer supprimer registrar eliminar remover registreren verwijderen");
    WORDS.put(
        Concept.UNLOCK,
        "reactivate reactivated reenable unsuspend unfreeze unfrozen reaktivieren reactiver reactivez reactivar reactiven reactivenla reativar reativem heractiveren ontdooien unlock unblock unlocked entsperren entsperrt debloquer deverrouiller desbloquear desbloquearla desbloqueen ontgrendelen deblokkeren destravar vrijgeven");
    WORDS.put(
        Concept.LOCKED,
        "suspended suspend deactivated frozen expired inactive deaktiviert eingefroren abgeschaltet suspendu suspendue desactive gele suspendida suspendido desactivada desactivado congelada caducada caducado geschorst uitgeschakeld gedeactiveerd bevroren suspensa suspenso desativada desativado expirada expirado locked lock lockout blocked disabled gesperrt sperre bloque verrouille bloqueada bloqueado geblokkeerd vergrendeld travada travou");
    WORDS.put(Concept.LOCKED_OUT, "ausgesperrt lockedout buitengesloten");
    WORDS.put(
        Concept.ACCOUNT,
        "account accounts acct user login konto benutzer compte utilisateur cuenta usuario conta gebruiker kennung userid");
    WORDS.put(
        Concept.ADMIN,
        "superuser superusers superusuario superutilisateur sysadmin maintainer admin admins administrator administrators administrateur administrador administradores beheerder beheerders privileged privilegiert privilegie privilegiado owner adm");
    WORDS.put(
        Concept.CREATE,
        "create creating setup new separate second anlegen erstellen einrichten separates creer creez crear criar aanmaken apart nieuw neuer neue neues neuen nouveau nouvelle nueva nuevo nova novo");
    WORDS.put(
        Concept.RIGHTS,
        "rights privileges privilege permissions rechte droits privileges derechos privilegios permisos direitos privilegios permissoes rechten");
    WORDS.put(
        Concept.ROLE,
        "profile profil perfil profiel role roles rolle rollen rol papel funcao funcion fonction functie funktion");
    WORDS.put(Concept.ELEVATE, "elevate elevated elevation sudo erweitern");
    WORDS.put(
        Concept.ACCESS,
        "access permission permissions zugriff zugang berechtigung berechtigungen acces droits acceso permisos acesso permissao permissoes toegang schrijfrechten membership autorisation autorizacion autorizacao autorisatie authorization");
    WORDS.put(Concept.GROUP, "group groups gruppe groupe grupo groep");
    WORDS.put(
        Concept.REQUEST,
        "promote promoted need needs grant granted give get request requesting requested approved brauche benotige benotigen beantrage beantragen geben gebt bekomme bekommen erhalten freischalten genehmigt besoin accorder accordez donner valide necesito necesitamos conceder concedan concedanme dar aprobo tenga preciso concedam concedam aprovou tenha nodig geven krijg krijgen goedgekeurd graag gewahren erteilen freigeben ouvrir open abrir openen offnen denme deme dame deem atribuir asignar assigner zuweisen toewijzen assign solicito solicita habilitar habiliten habilite liberar liberem libere activer activeer enable activate");
    WORDS.put(
        Concept.ADD,
        "add adding hinzufugen aufnehmen ajouter ajoutez agregar agreguen agreguenme adicionar adicionem toevoegen anadanme anadir anade anademe agregame");
    WORDS.put(
        Concept.REMOVE,
        "remove removal revoke revocation withdraw entfernen entziehen entzug wegnehmen retirer retrait supprimer quitar quitarme retirar remover devolucao verwijderen intrekken weghalen wegnemen enlever enlevez quitad quitadme quiten afnemen ontnemen leaver leavers austritt ausscheiden desligamento delete loschen borrar borren borrad apagar apaguem excluir excluam reprendre reprenez zurucknehmen terugnemen downgrade demote retrograder zuruckstufen herabstufen degradar rebaixar despromover afhalen tirar tirem");
    WORDS.put(
        Concept.NEGATION,
        "not no dont don't never nicht kein keine keinen keinem nie niemals pas n ne jamais plus nunca niet geen nooit nao nem nothing nichts rien nada niets don didn doesn isn wasn aren won shouldn wouldn");
    WORDS.put(
        Concept.SUSPICIOUS,
        "phishing spam scam fake suspicious suspect verdachtig hameconnage sospechoso suspeito verdacht verdachte fraud dodgy sketchy louche dubieus dubios duvidoso");
    WORDS.put(
        Concept.CANCEL,
        "cancel ignore disregard withdraw stornieren storno stornierung ignorieren annuler annulez annulation cancelar cancelen cancelem cancelad ignorar annuleren anular anulad anulen anulem");
    WORDS.put(Concept.POLITE, "please pls plz bitte merci svp favor graag pueden podem");
    WORDS.put(
        Concept.CHANGE,
        "change changer cambiar trocar alterar andern wijzigen modifier troquem troque troca");
    WORDS.put(
        Concept.THANKS,
        "worked closing solved erledigt geklappt resolu resuelto resolvido opgelost funciona funciono funcionou fonctionne werkt klappt funktioniert");
    WORDS.put(
        Concept.MODIFIED,
        "requirements requirement rules rule regeln anforderungen exigences exigence requisitos reglas regras eisen regels expiry ablauf caducidad verloop expiracao reminder erinnerung rappel aviso herinnering lembrete manager managers policy policies richtlinie complexity requirements field point points card karte badge crachá tarjeta punto ponto gestionnaire gestor gerenciador beleid beveiliging politique politica newsletter mailing list channel meeting training database datenbank");

    PARTS.put(Concept.PASSWORD, "passwort kennwort wachtwoord password");
    PARTS.put(Concept.RESET, "rucksetz reset");
    PARTS.put(Concept.ADMIN, "admin beheer");
    PARTS.put(Concept.ACCOUNT, "konto account");
    PARTS.put(Concept.RIGHTS, "recht");
    PARTS.put(Concept.ACCESS, "zugriff zugang toegang berechtigung");
    PARTS.put(Concept.MFA, "authenticator tweestap");
    PARTS.put(Concept.ROLE, "rol");
    PARTS.put(Concept.MODIFIED, "manager beveiliging beleid richtlinie policy sicherheit");

    term(Concept.PASSWORD, "mot de passe");
    term(Concept.PASSWORD, "mots de passe");
    term(Concept.PASSWORD, "palavra passe");
    term(Concept.MFA, "two factor");
    term(Concept.MFA, "multi factor");
    term(Concept.MFA, "2 step");
    term(Concept.MFA, "two step");
    term(Concept.MFA, "zwei faktor");
    term(Concept.MFA, "double authentification");
    term(Concept.MFA, "deux facteurs");
    term(Concept.MFA, "dos factores");
    term(Concept.MFA, "doble factor");
    term(Concept.MFA, "dois fatores");
    term(Concept.MFA, "meervoudige verificatie");
    term(Concept.MFA, "okta verify");
    term(Concept.MFA, "meervoudige authenticatie");
    term(Concept.LOCKED_OUT, "locked out");
    term(Concept.CREATE, "set up");
    term(Concept.REQUEST, "make me");
    term(Concept.RESET, "opnieuw instellen");
    term(Concept.HOW, "how long");
    term(Concept.HOW, "how often");
    term(Concept.HOW, "how do i");
    term(Concept.HOW, "how can i");
    term(Concept.HOW, "is it possible");
    term(Concept.HOW, "wie lang");
    term(Concept.HOW, "wie oft");
    term(Concept.HOW, "quelle doit");
    term(Concept.HOW, "tous les combien");
    term(Concept.HOW, "que longitud");
    term(Concept.HOW, "cada cuanto");
    term(Concept.HOW, "qual deve");
    term(Concept.HOW, "de quanto em quanto");
    term(Concept.HOW, "hoe lang");
    term(Concept.HOW, "hoe vaak");
    term(Concept.HOW, "est il possible");
    term(Concept.HOW, "ist es moglich");
    term(Concept.HOW, "es posible");
    term(Concept.HOW, "se puede");
    term(Concept.HOW, "e possivel");
    term(Concept.HOW, "da para");
    term(Concept.HOW, "is het mogelijk");
    term(Concept.HOW, "kan ik ook");
    term(Concept.HOW, "kann man");
    term(Concept.POLITE, "can you");
    term(Concept.POLITE, "could you");
    term(Concept.POLITE, "kunnen jullie");
    term(Concept.POLITE, "kun je");
    term(Concept.POLITE, "pouvez vous");
    term(Concept.POLITE, "konnt ihr");
    term(Concept.POLITE, "konnen sie");
    term(Concept.POLITE, "konnten sie");
    term(Concept.DONE, "just asking");
    term(Concept.DONE, "just curious");
    term(Concept.DONE, "just a question");
    term(Concept.DONE, "simple question");
    term(Concept.DONE, "nur eine frage");
    term(Concept.DONE, "solo es una pregunta");
    term(Concept.DONE, "so uma pergunta");
    term(Concept.DONE, "gewoon een vraag");
    term(Concept.DONE, "juste une question");
    term(Concept.DONE, "solo pregunto");
    term(Concept.DONE, "so pergunto");
    term(Concept.DONE, "just wondering");
    term(Concept.DONE, "reine neugier");
    term(Concept.DONE, "no action needed");
    term(Concept.REMOVE, "take away");
    term(Concept.REMOVE, "take them away");
    term(Concept.REMOVE, "take it away");
    term(Concept.REMOVE, "take off");
    term(Concept.REMOVE, "take it off");
    term(Concept.REMOVE, "mogen weg");
    term(Concept.REMOVE, "mogen eraf");
    term(Concept.REMOVE, "mag weg");
    term(Concept.REMOVE, "mag eraf");
    term(Concept.REMOVE, "uit dienst");
    term(Concept.THANKS, "works now");
    term(Concept.THANKS, "thanks for");
    term(Concept.THANKS, "thank you for");
    term(Concept.THANKS, "danke fur");
    term(Concept.THANKS, "merci pour");
    term(Concept.THANKS, "gracias por");
    term(Concept.THANKS, "obrigado por");
    term(Concept.THANKS, "bedankt voor");
    term(Concept.DONE, "general question");
    term(Concept.DONE, "info only");
    term(Concept.DONE, "fyi");
    term(Concept.DONE, "nur zur info");
    term(Concept.DONE, "pour info");
    term(Concept.DONE, "para informacion");
    term(Concept.DONE, "para informacao");
    term(Concept.DONE, "ter info");
    term(Concept.DONE, "juste savoir");
    term(Concept.DONE, "just wanted to know");
    term(Concept.DONE, "wollte nur wissen");
    term(Concept.DONE, "solo queria saber");
    term(Concept.DONE, "so queria saber");
    term(Concept.DONE, "wilde alleen weten");
    term(Concept.HOW, "what is the policy");
    term(Concept.HOW, "what is the process");
    term(Concept.HOW, "is there a policy");
    term(Concept.DONE, "nichts zu tun");
    term(Concept.DONE, "kann geschlossen");
    term(Concept.DONE, "vous pouvez cloturer");
    term(Concept.DONE, "pueden cerrar");
    term(Concept.DONE, "podem fechar");
    term(Concept.DONE, "mag dicht");
    term(Concept.DONE, "close the ticket");
    // Forwarded for information or a review that changes nothing (round nine): "ter kennisname",
    // "pour archivage", "keine Änderungen", "no hay que hacer cambios".
    term(Concept.DONE, "for your information");
    term(Concept.DONE, "for information");
    term(Concept.DONE, "for the record");
    term(Concept.DONE, "no changes");
    term(Concept.DONE, "zur kenntnis");
    term(Concept.DONE, "zur information");
    term(Concept.DONE, "pour information");
    term(Concept.DONE, "pour archivage");
    term(Concept.DONE, "aucune modification");
    term(Concept.DONE, "para su conocimiento");
    term(Concept.DONE, "para vuestro conocimiento");
    term(Concept.DONE, "no hay que hacer cambios");
    term(Concept.DONE, "sin cambios");
    term(Concept.DONE, "para conhecimento");
    term(Concept.DONE, "nao ha alteracoes");
    term(Concept.DONE, "sem alteracoes");
    term(Concept.DONE, "ter informatie");
    term(Concept.DONE, "ter kennisname");
    term(Concept.DONE, "geen wijzigingen");
    term(Concept.LOCKED, "op slot");
    // Round ten: a removal said as a phrase ("Adminrechte wieder weg", "no longer need"), a
    // question about which form to use ("which form do I use to request access?"), and a
    // confirmation that a grant works ("access granted works").
    term(Concept.REMOVE, "wieder weg");
    term(Concept.REMOVE, "no longer need");
    term(Concept.REMOVE, "no longer needed");
    term(Concept.REMOVE, "niet meer nodig");
    term(Concept.REMOVE, "nicht mehr notig");
    term(Concept.REMOVE, "nicht mehr benotigt");
    term(Concept.REMOVE, "ya no necesito");
    term(Concept.REMOVE, "n ai plus besoin");
    term(Concept.REMOVE, "nao preciso mais");
    term(Concept.REMOVE, "ja nao preciso");
    term(Concept.HOW, "which form");
    term(Concept.HOW, "welches formular");
    term(Concept.HOW, "quel formulaire");
    term(Concept.HOW, "que formulario");
    term(Concept.HOW, "qual formulario");
    term(Concept.HOW, "welk formulier");
    term(Concept.THANKS, "works fine");
    term(Concept.THANKS, "granted works");
    // Round ten: "Bitte wieder aktivieren" asks to reactivate a revoked or disabled id; "where do I
    // do that myself?" asks how, like "how do I".
    term(Concept.UNLOCK, "wieder aktivieren");
    term(Concept.UNLOCK, "weer activeren");
    term(Concept.UNLOCK, "opnieuw activeren");
    term(Concept.HOW, "where do i");
    term(Concept.HOW, "where can i");
    term(Concept.HOW, "wo kann ich");
    term(Concept.HOW, "wo finde ich");
    term(Concept.HOW, "ou le faire");
    term(Concept.HOW, "ou puis je");
    term(Concept.HOW, "donde lo hago");
    term(Concept.HOW, "donde puedo");
    term(Concept.HOW, "onde faco");
    term(Concept.HOW, "onde posso");
    term(Concept.HOW, "waar doe ik");
    term(Concept.HOW, "waar kan ik");
    // "Can I reset my pupils' passwords myself? I just want to know the procedure" (round ten).
    term(Concept.DONE, "just want to know");
    term(Concept.DONE, "solo quiero saber");
    term(Concept.DONE, "quiero saber el procedimiento");
    term(Concept.DONE, "je demande juste");
    term(Concept.DONE, "de procedure weten");
    term(Concept.DONE, "so quero saber");
    term(Concept.DONE, "will nur wissen");
    term(Concept.DONE, "mochte nur wissen");
    term(Concept.MFA, "security info");
    term(Concept.MFA, "sicherheitsinformationen");
    term(Concept.MFA, "informations de securite");
    term(Concept.MFA, "informacion de seguridad");
    term(Concept.MFA, "beveiligingsgegevens");
    term(Concept.MFA, "informacoes de seguranca");
    term(Concept.HOW, "is there a way");
    term(Concept.HOW, "what s the process");
    term(Concept.HOW, "what is the procedure");
    term(Concept.HOW, "wie ist der prozess");
    term(Concept.HOW, "quelle est la procedure");
    term(Concept.HOW, "cual es el proceso");
    term(Concept.HOW, "qual o processo");
    term(Concept.HOW, "wat is het proces");
    term(Concept.HOW, "kann ich die");
    term(Concept.DONE, "all good");
    term(Concept.DONE, "alles gut");
    term(Concept.DONE, "tout va bien");
    term(Concept.DONE, "todo bien");
    term(Concept.DONE, "tudo certo");
    term(Concept.DONE, "alles goed");
    term(Concept.DONE, "nothing to do");
    term(Concept.DONE, "rien a faire");
    term(Concept.DONE, "no hay nada que hacer");
    term(Concept.DONE, "nada a fazer");
    term(Concept.DONE, "niets te doen");

    // Taxonomy of what is sensitive (module README): indirect names for credentials,
    // authenticators,
    // account states and policy exemptions, from ATT&CK T1098/T1556, NIST SP 800-63B and the admin
    // consoles of Entra, Okta, Google Workspace, AWS IAM, Salesforce, SAP and GitHub.
    term(Concept.PASSWORD, "recovery key");
    term(Concept.PASSWORD, "recovery code");
    term(Concept.PASSWORD, "cle de recuperation");
    term(Concept.PASSWORD, "clave de recuperacion");
    term(Concept.PASSWORD, "chave de recuperacao");
    term(Concept.PASSWORD, "app password");
    term(Concept.PASSWORD, "login details");
    term(Concept.PASSWORD, "sign in details");
    term(Concept.PASSWORD, "access key");
    term(Concept.PASSWORD, "api key");
    term(Concept.PASSWORD, "ssh key");
    term(Concept.PASSWORD, "personal access token");
    term(Concept.MFA, "security key");
    term(Concept.MFA, "hardware key");
    term(Concept.MFA, "hardware token");
    term(Concept.MFA, "rsa token");
    term(Concept.MFA, "temporary access pass");
    term(Concept.MFA, "bypass code");
    term(Concept.MFA, "backup codes");
    term(Concept.MFA, "cle de securite");
    term(Concept.MFA, "llave de seguridad");
    term(Concept.MFA, "chave de seguranca");
    term(Concept.MFA, "code app");
    term(Concept.MFA, "2 step verification");
    term(Concept.MFA, "two step verification");
    term(Concept.MFA, "sign in approvals");
    term(Concept.UNLOCK, "re enable");
    term(Concept.UNLOCK, "wieder aktivieren");
    term(Concept.UNLOCK, "wieder freischalten");
    term(Concept.UNLOCK, "turn it back on");
    term(Concept.UNLOCK, "switch it back on");
    term(Concept.UNLOCK, "opnieuw activeren");
    term(Concept.UNLOCK, "weer inschakelen");
    term(Concept.UNLOCK, "weer activeren");
    term(Concept.ADMIN, "super admin");
    term(Concept.ADMIN, "global admin");
    term(Concept.ADMIN, "break glass");
    term(Concept.ADMIN, "domain admins");
    term(Concept.ADMIN, "system administrator");
    term(Concept.RESET, "neu setzen");
    term(Concept.RESET, "neu vergeben");
    term(Concept.THANKS, "administrator approved");
    term(Concept.THANKS, "admin approved");
    term(Concept.THANKS, "administrator has approved");
    term(Concept.THANKS, "administrateur a valide");
    term(Concept.THANKS, "administrador aprobo");
    term(Concept.THANKS, "administrador aprovou");
    term(Concept.THANKS, "beheerder heeft");
    term(Concept.THANKS, "administrator hat");
  }

  private static void term(Concept concept, String words) {
    Map.Entry<Concept, List<String>> term = Map.entry(concept, List.of(words.split(" ")));
    TERMS.add(term);
    TERMS_BY_FIRST.computeIfAbsent(term.getValue().get(0), k -> new ArrayList<>()).add(term);
  }

  static List<Map.Entry<Concept, List<String>>> termsStartingWith(String folded) {
    return TERMS_BY_FIRST.getOrDefault(folded, List.of());
  }

  /**
   * English words whose stem is that of a French removal word ("retir", retirer): "the old owner
   * has retired" gives nothing back. Only forms French does not share ("retire", "retires" are also
   * "retiré", "retirés").
   */
  private static final Set<String> FALSE_FRIENDS = Set.of("retired", "retiring", "retirement");

  /** Short function words match only as they are: stemmed, "pas" would also catch "passe". */
  private static final Set<Concept> EXACT =
      Set.of(Concept.NEGATION, Concept.POLITE, Concept.THANKS);

  private final Map<String, Integer> exact = new HashMap<>();
  private final Map<String, Integer> stems = new HashMap<>();
  private final List<Map.Entry<String, Integer>> parts = new ArrayList<>();
  private final Map<String, Integer> cache = new ConcurrentHashMap<>();
  private final ThreadLocal<SnowballStemmer[]> stemmers =
      ThreadLocal.withInitial(Lexicon::newStemmers);

  Lexicon() {
    WORDS.forEach(
        (concept, words) -> {
          for (String w : words.split(" ")) {
            String folded = fold(w);
            if (EXACT.contains(concept)) {
              exact.merge(folded, concept.bit(), (a, b) -> a | b);
              continue;
            }
            for (String s : stemsOf(folded)) {
              stems.merge(s, concept.bit(), (a, b) -> a | b);
            }
          }
        });
    PARTS.forEach(
        (concept, words) -> {
          for (String w : words.split(" ")) {
            parts.add(Map.entry(w, concept.bit()));
          }
        });
  }

  /** The concepts of one folded word, as a bit set over {@link Concept}. */
  int concepts(String folded) {
    Integer known = cache.get(folded);
    if (known != null) {
      return known;
    }
    int mask = exact.getOrDefault(folded, 0);
    for (String s : stemsOf(folded)) {
      mask |= stems.getOrDefault(s, 0);
    }
    for (Map.Entry<String, Integer> part : parts) {
      if (folded.length() >= part.getKey().length() + 3 && folded.contains(part.getKey())) {
        mask |= part.getValue() | Concept.COMPOUND.bit();
      }
    }
    if (FALSE_FRIENDS.contains(folded)) {
      mask &= ~Concept.REMOVE.bit();
    }
    if (cache.size() < CACHE_LIMIT) {
      cache.put(folded, mask);
    }
    return mask;
  }

  /** The word itself and its stem in each of the six languages. */
  Set<String> stemsOf(String folded) {
    SnowballStemmer[] all = stemmers.get();
    java.util.HashSet<String> out = new java.util.HashSet<>();
    out.add(folded);
    for (SnowballStemmer stemmer : all) {
      stemmer.setCurrent(folded);
      stemmer.stem();
      out.add(stemmer.getCurrent());
    }
    return out;
  }

  /**
   * Lower case without accents: "Zurücksetzen" becomes "zurucksetzen", "Contraseña" "contrasena".
   */
  static String fold(String word) {
    return fold(word, 0, word.length());
  }

  /** {@link #fold(String)} of {@code text[start, end)}; plain ASCII takes a short cut. */
  static String fold(String text, int start, int end) {
    int n = end - start;
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      char ch = text.charAt(start + i);
      if (ch >= 128) {
        return foldUnicode(text.substring(start, end));
      }
      out[i] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
    }
    return new String(out);
  }

  private static String foldUnicode(String word) {
    char[] lower = word.toLowerCase(Locale.ROOT).toCharArray();
    char[] out = new char[lower.length * 4];
    int n = ASCIIFoldingFilter.foldToASCII(lower, 0, out, 0, lower.length);
    return new String(out, 0, n);
  }

  private static SnowballStemmer[] newStemmers() {
    return new SnowballStemmer[] {
      new EnglishStemmer(),
      new GermanStemmer(),
      new FrenchStemmer(),
      new SpanishStemmer(),
      new DutchStemmer(),
      new PortugueseStemmer()
    };
  }
}
