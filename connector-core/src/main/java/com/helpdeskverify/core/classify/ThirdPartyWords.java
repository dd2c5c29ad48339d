package com.helpdeskverify.core.classify;

import java.util.Arrays;
import java.util.Set;

/**
 * Word lists the account-reference rules use (folded: lower case, no accents). They decide whether
 * a word after "for", "of", "to" names a person or an account, or a product, system, group, place
 * or time.
 */
final class ThirdPartyWords {
  private ThirdPartyWords() {}

  /**
   * Common first names in the six languages' countries: a capitalised one of these after "to" or
   * after an action ("grant admin rights to Bob", "unlock Maria") is a person, where an unknown
   * capitalised word ("to Domain Admins", "to SharePoint") may be a group or system.
   */
  static final Set<String> FIRST_NAMES =
      words(
          // en
          "aaron adam alan albert alex alexander alice alison amanda amy andrew andy angela ann"
              + " anna anne anthony arthur ashley barbara ben benjamin beth betty bill bob bobby"
              + " brad brandon brian bruce carl carol caroline catherine charles charlie chris"
              + " christine christopher claire craig dan daniel dave david dennis diana diane donald"
              + " donna doris dorothy doug douglas ed edward elizabeth ellen emily emma eric erin"
              + " ethan frank fred gary george gordon grace greg gregory hannah harry heather helen"
              + " henry ian jack jacob jake james jane janet jason jeff jeffrey jennifer jenny jeremy"
              + " jerry jessica jill jim jimmy joan joe john johnny jon jonathan joseph josh joshua"
              + " joyce judy julia julie justin karen kate katherine kathy keith kelly ken kenneth"
              + " kevin kim kyle larry laura lauren linda lisa liz louise lucy luke lynn margaret"
              + " maria mark martha mary matt matthew megan melissa michael michelle mike nancy"
              + " nathan nick nicole oliver olivia pamela patricia patrick paul peter phil philip"
              + " rachel ralph raymond rebecca richard rick rob robert robin roger ron ronald ruth"
              + " ryan sally sam samantha samuel sandra sarah scott sean sharon simon sophie stephen"
              + " steve steven sue susan tim timothy tina todd tom tommy tony tracy victoria walter"
              + " wayne william zoe"
              // de
              + " andreas anja annika bernd birgit bjorn carsten christian christina claudia dieter"
              + " dirk elke erik florian frank franz gerhard gabriele gunter hans harald heike heinz"
              + " helmut holger ines ingrid jan jana jens jonas jorg jurgen karin karl katharina"
              + " katrin kerstin klaus lars lea lena leon lukas manfred manuel marco marcel marion"
              + " markus martin matthias max michaela monika niklas nina norbert petra rainer ralf"
              + " reinhard sabine sandra sebastian silke stefan stefanie steffen susanne sven thomas"
              + " tobias torsten ulrich ulrike ursula uwe werner wolfgang yvonne"
              // fr
              + " alain amelie antoine aurelie benoit bernard camille catherine cedric celine"
              + " chantal christophe claude damien delphine denis didier dominique elodie emilie"
              + " emmanuel eric fabien florence francois francoise frederic gerard guillaume helene"
              + " herve isabelle jacques jean jeanne jerome julien laurent louis luc lucas marc"
              + " marie mathieu michel monique nathalie nicolas olivier pascal philippe pierre"
              + " rene sandrine sebastien sophie stephane sylvie thierry valerie vincent yves"
              // es
              + " alejandro alberto alfonso alvaro ana andres antonio beatriz carlos carmen cristina"
              + " diego eduardo elena enrique fernando francisco gabriel guillermo ignacio isabel"
              + " javier jesus jorge jose juan laura lucia luis manuel marta miguel monica nuria"
              + " pablo paco pedro pilar rafael ramon raul ricardo roberto rocio rosa santiago"
              + " sergio sofia teresa vicente"
              // nl
              + " anouk bas bram daan dirk eva femke floor gerrit hendrik henk ingrid jeroen joost"
              + " kees koen lieke lotte maarten marieke mark martijn mieke niels pieter roel ruben"
              + " sanne sem sven thijs tim wim willem wouter"
              // pt
              + " afonso antonia beatriz bruno camila catarina diogo duarte fabio felipe fernanda"
              + " gabriela goncalo guilherme gustavo helena joana joao jorge leonardo lucas luisa"
              + " mariana mateus patricia paulo rafaela renato rodrigo rui sergio tiago vitor");

  /** First names that are also ordinary words, not taken as names when written in lower case. */
  static final Set<String> NAMES_THAT_ARE_WORDS =
      words(
          "will mark may grant bill rose pat max art sue frank rich jack jan ben sam rob rosa"
              + " floor henk bas sem ed tim guy dean ana eva lea luc paco ramon paul victoria");

  /** Titles before a surname: "Herrn Maier", "Mr. Doe", "Mme Durand". */
  static final Set<String> HONORIFICS =
      words(
          "mr mrs ms miss dr prof sir madam herr herrn frau fr hr monsieur madame mme mlle m"
              + " senor senora senorita sr sra srta don dona dhr mevr meneer mevrouw heer"
              + " senhor senhora");

  /**
   * Capitalised words that are not people: products, systems, groups, departments, places, times
   * and words that start sentences or titles. Folded.
   */
  static final Set<String> NOT_PEOPLE =
      words(
          // products and systems
          "outlook teams office windows azure entra okta duo jira confluence servicenow slack"
              + " zoom webex skype citrix salesforce workday oracle sap google gmail microsoft"
              + " apple mac macbook iphone ipad android chrome firefox edge safari adobe acrobat"
              + " photoshop dropbox box github gitlab bitbucket jenkins aws linux ubuntu exchange"
              + " sharepoint onedrive intune authenticator cisco anyconnect fortinet forticlient"
              + " globalprotect palo alto tableau excel word powerpoint visio onenote planner"
              + " dynamics navision datev lotus notes lastpass bitwarden keepass vault docker"
              + " kubernetes splunk grafana snowflake databricks postgres mysql sql concur"
              + " netsuite hubspot zendesk freshdesk notion asana trello miro figma sage kronos"
              + " successfactors ariba coupa hana fiori s4 bw crm erp hris vpn wifi wlan sso mfa"
              + " yubikey rsa securid pingid ping traceless incode lenovo dell hp thinkpad surface"
              + " samsung pixel galaxy huawei xiaomi nokia motorola whatsapp signal telegram"
              + " facebook linkedin twitter instagram youtube amazon netflix spotify openai chatgpt"
              + " copilot gemini claude power bi automate apps forms stream yammer viva loop"
              + " bookings kaizala delve sway whiteboard todo active directory ad aad ldap"
              + " kerberos radius vmware horizon vsphere esxi hyperv veeam backup nas san"
              + " synology qnap printer drucker imprimante impresora printer impressora scanner"
              + " visual studio code creative cloud drive docs sheets slides keep meet calendar"
              + " defender sentinel purview explorer business central navigator analytics"
              + " insights hub center centre portal console online web pro premium suite"
              + " professional remote recursos humanos human resources ressources humaines"
              + " personalabteilung personal"
              + " laptop notebook desktop pc computer rechner ordinateur ordenador computador"
              + " portatil server servidor serveur phone handy telefon telephone telefono"
              + " telefoon telemovel celular mobile smartphone tablet monitor headset"
              // groups, teams and departments
              + " domain domains admins administrators administrator admin root guest service"
              + " system systems support helpdesk servicedesk desk it hr finance finanzen finances"
              + " finanzas financien financas marketing sales vertrieb ventes ventas verkoop"
              + " vendas legal recht juridique juridico juridisch accounting buchhaltung"
              + " comptabilite contabilidad boekhouding contabilidade payroll procurement einkauf"
              + " achats compras inkoop engineering entwicklung development dev devops ops"
              + " operations security sicherheit securite seguridad beveiliging seguranca"
              + " research management board executives executive staff team teams group groups"
              + " gruppe groupe grupo groep department abteilung departement departamento afdeling"
              + " owners owner members readers editors contributors users everyone all public"
              + " internal external extern externe externo intern interne interno global local"
              + " enterprise schema backup operators project projekt projet proyecto projeto"
              + " customer customers kunden clients clientes klanten partner partners vendor"
              + " vendors supplier lieferanten"
              // places
              + " london paris berlin munich munchen hamburg frankfurt cologne koln vienna wien"
              + " zurich madrid barcelona lisbon lisboa porto amsterdam rotterdam brussels"
              + " bruxelles new york boston chicago dublin europe emea apac americas us usa uk"
              + " germany deutschland france espana spain nederland netherlands portugal brasil"
              + " brazil mexico hq headquarters site campus building floor"
              // times
              + " monday tuesday wednesday thursday friday saturday sunday montag dienstag"
              + " mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi"
              + " samedi dimanche lunes martes miercoles jueves viernes sabado domingo maandag"
              + " dinsdag woensdag donderdag vrijdag zaterdag zondag segunda terca quarta quinta"
              + " sexta january february march april june july august september october november"
              + " december januar februar marz juni juli oktober dezember janvier fevrier mars"
              + " avril mai juin juillet aout septembre octobre novembre decembre enero febrero"
              + " marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
              + " januari februari maart mei augustus janeiro fevereiro marco maio junho julho"
              + " setembro outubro novembro dezembro today tomorrow yesterday heute morgen"
              + " christmas easter q1 q2 q3 q4"
              // words that open sentences and titles
              + " please pls bitte merci gracias graag obrigado thanks thank hello hi dear urgent"
              + " asap new neu nouveau nuevo nieuw novo account accounts access password"
              + " request reset unlock it this that the my our your his her their i we you he she"
              + " they english german french spanish dutch portuguese deutsch francais espanol"
              + " nederlands portugues");

  /**
   * Lower-case words that look like user names by their letters ("vpn" has no vowel, "json" starts
   * with two consonants) but are not: abbreviations and technical terms. Also the prefixes of
   * numbered things ("win11", "laptop01", "office365").
   */
  static final Set<String> NOT_USER_NAMES =
      words(
          "json ldap nvme pki rsa ssid gmail wlan vdi dsgvo kpi pgp gpo mfa sms tpm hklm hkcu"
              + " ntlm sccm mdm pwd pwds pswd psw pswrd pword thx thnx pls plz plsss asap fyi btw"
              + " ctrl html http https xml yml yaml dns dhcp rdp ssh sftp ftp smtp imap pop vpn"
              + " sso sql crm erp hr pc vm vms usb lan wan ssl tls cpu gpu ssd hdd win windows"
              + " office laptop notebook desktop pc srv server host printer prn drucker room raum"
              + " floor build version ver ipv ipv4 ipv6 sha md aes utf iso covid fy step phase"
              + " sprint week kw page line test demo dev prod stage vlan port com lpt hdmi wifi mp"
              + " log error err code id inc ritm req chg task sctask prb ticket case ex exchange"
              + " java python node php net dotnet ubuntu debian rhel centos macos ios android"
              + " iphone galaxy pixel lenovo dell thinkpad latitude elitebook surface excel word"
              + " acrobat reader oracle db mysql postgres vs vscode jdk jre angular react m o x"
              + " s q h v j w o365 m365 hptx ptx mfp tfs svn git gitlab github bsod ps psql");

  /** Consonant pairs that start words in the six languages; others start user names ("jsmith"). */
  static final Set<String> ONSETS =
      words(
          "bl br ch cl cr dr fl fr gl gn gr kl kn kr kw pf ph pl pr ps sc sh sj sk sl sm sn"
              + " sp sq st sv sw sz th tj tr ts tw vl vr wh wr zw ll rh gh");

  /** Nouns after a capitalised word that make it a thing's name: "for London office". */
  static final Set<String> THING_AFTER =
      words(
          "office team group share folder drive site server channel project department"
              + " mailbox calendar system app application tool portal instance tenant workspace"
              + " repository repo database db license licence subscription room printer client"
              + " laufwerk ordner gruppe postfach kalender projekt dossier groupe equipe carpeta"
              + " grupo equipo map groep pasta equipa");

  /**
   * "needs", "braucht", "a besoin": after a person, the person is the one the request is for
   * ("jsmith needs a new password").
   */
  static final Set<String> NEEDS =
      words(
          "needs need requires cannot cant unable braucht benotigt brauchen besoin necesita"
              + " necesitan precisa precisam nodig");

  /** "de ayer", "von gestern": times, not owners, after "the password of". */
  static final Set<String> TIMES =
      words(
          "ayer hoy manana today yesterday tomorrow gestern heute morgen hier demain"
              + " aujourd gisteren vandaag morgen ontem hoje amanha semana week woche semaine"
              + " lunes monday montag lundi maandag segunda");

  /**
   * Nouns after "the account of", "la cuenta de", "das Konto von" that name a kind of account, not
   * its owner: "cuenta de correo", "compte de messagerie".
   */
  static final Set<String> ACCOUNT_KINDS =
      words(
          "correo messagerie mail email red rede reseau netzwerk dominio domaine domain servicio"
              + " service acceso acces trabajo travail arbeit werk trabalho empresa entreprise firma"
              + " bedrijf usuario utilisateur prueba test invitado invite gast convidado"
              + " administrador administrateur admin sistema systeme systeem banco banque bank"
              + " nomina paie lohn windows office dienst servico");

  /** "can", "kann", "peut": the person cannot get in only with a "not" near ("can't log in"). */
  static final Set<String> MODALS =
      words("can could kann konnte peut pouvait puede podia kan kon pode consegue");

  static final Set<String> NOTS = words("t not nicht ne pas no niet nao kein keine never nie");

  /** After a person, the person can no longer get in: "Bob forgot", "John Doe vergaß". */
  static final Set<String> FORGOT =
      words(
          "forgot forgotten vergessen vergass vergisst oublie olvido olvidado olvidada esqueceu"
              + " esquecido vergeten");

  /** "Add the user jsmith", "Benutzer jdoe": the word after these is an account's name. */
  static final Set<String> USER_CUES =
      words(
          "user username login userid account konto benutzer benutzername benutzerkennung"
              + " kennung nutzer utilisateur identifiant compte usuario cuenta gebruiker"
              + " gebruikersnaam utilizador conta");

  /**
   * Of {@link #USER_CUES}, the words that name a user rather than an account or a login: whatever
   * follows them is a user name ("user asilva"), where after "account" or "login" it may be any
   * word ("Login issue", "Konto gesperrt").
   */
  static final Set<String> USER_WORDS =
      words(
          "user username userid benutzer benutzername benutzerkennung kennung utilisateur"
              + " identifiant usuario gebruiker gebruikersnaam utilizador");

  /** Words of tickets that follow "user" or "login" and name nobody: "Login issue". */
  static final Set<String> TICKET_WORDS =
      words(
          "issue issues problem problems error errors fehler problem probleme problema problemas"
              + " probleem problemen geht funktioniert works working worked failed fails failing"
              + " erreur falla fout erro page screen details data info information question help"
              + " hilfe aide ayuda hulp ajuda reports reported says said asks asked wants wanted"
              + " called calls name names id ids klappt gesperrt bloque bloqueado bloqueada"
              + " geblokkeerd bloqueada expired abgelaufen expire expira verlopen concerne"
              + " concernee afectado afectada afetado afetada betroffen betroffener betroffene"
              + " betreft affected");

  private static Set<String> words(String list) {
    return Set.copyOf(Arrays.stream(list.trim().split("\\s+")).distinct().toList());
  }
}
