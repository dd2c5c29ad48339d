package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.classify.PhraseClassifier.Analysis;
import java.util.List;
import java.util.Set;

/**
 * Tells a new privileged account from more rights on an existing one: "two emergency accounts with
 * the Global Administrator role", "a service account with local admin", "create a machine user with
 * Owner role", "a root user for the vendor" ask for an account that does not exist yet
 * (ADMIN_ACCOUNT_CREATION), although their words (role, admin, rights) are those of a privilege
 * change. An account word next to a kind of account that is always created for the purpose, or
 * within three words of a creation word, marks it.
 */
final class NewAccountHint {
  private NewAccountHint() {}

  /** Kinds of account made for a purpose, not a person's everyday login; folded prefixes. */
  private static final List<String> KINDS =
      List.of(
          "emergency",
          "notfall",
          "urgence",
          "emergencia",
          "nood",
          "service",
          "servicio",
          "servico",
          "dienst",
          "svc",
          "technical",
          "technisch",
          "technique",
          "tecnic",
          "root",
          "machine",
          "maschin");

  /** The same kinds as whole words next to an account word: "service account", "usuario root". */
  private static final Set<String> KIND_WORDS =
      Set.of(
          "emergency",
          "notfall",
          "urgence",
          "emergencia",
          "service",
          "servicio",
          "servico",
          "dienst",
          "svc",
          "technical",
          "technischer",
          "technische",
          "technisches",
          "technique",
          "tecnica",
          "tecnico",
          "root",
          "machine",
          "bot",
          "glass");

  /** Whole words that make an account word a kind of its own ("a second account", "zweiten"). */
  private static final Set<String> OTHER =
      Set.of(
          "second",
          "separate",
          "zweiten",
          "zweites",
          "zweiter",
          "eigenen",
          "separaten",
          "autre",
          "seconde",
          "distinct",
          "otra",
          "segunda",
          "separada",
          "outra",
          "tweede",
          "apart",
          "aparte");

  private static final int PRIVILEGED =
      PhraseRules.both(Concept.ADMIN, Concept.RIGHTS, Concept.ROLE, Concept.ELEVATE);

  /**
   * Where the ticket asks for a new account that is to be privileged: the first and last word that
   * say so ("service account", "Notfallkonten"), or null.
   */
  static int[] newPrivilegedAccount(Analysis a) {
    int[] c = a.concepts();
    boolean[] neg = a.negated();
    boolean privileged = false;
    for (int i = 0; i < c.length && !privileged; i++) {
      String w = a.tokens().get(i).folded();
      privileged = !neg[i] && ((c[i] & PRIVILEGED) != 0 || w.equals("root") || w.equals("sudo"));
    }
    if (!privileged) {
      return null;
    }
    for (int i = 0; i < c.length; i++) {
      String word = a.tokens().get(i).folded();
      // "Notfallkonten": the lexicon's compound part is "konto".
      if (((c[i] & Concept.ACCOUNT.bit()) == 0 && !word.endsWith("konten")) || neg[i]) {
        continue;
      }
      if (kindCompound(word)) {
        return new int[] {i, i}; // "serviceaccount", "Notfallkonten", "noodaccounts"
      }
      for (int j = Math.max(0, i - 3); j <= Math.min(c.length - 1, i + 3); j++) {
        if (j == i || neg[j]) {
          continue;
        }
        // "new" alone does not count: "my new account needs admin rights" is often a joiner's
        // ordinary account, "bin neu im Key Account Team" a person; a creation verb says more.
        String near = a.tokens().get(j).folded();
        boolean adjacent = Math.abs(j - i) <= 2;
        if ((adjacent && (KIND_WORDS.contains(near) || OTHER.contains(near)))
            || (c[j] & Concept.CREATE.bit()) != 0 && (c[j] & Concept.NEWISH.bit()) == 0) {
          return new int[] {Math.min(i, j), Math.max(i, j)};
        }
      }
    }
    return null;
  }

  /** Words of an approving level: "the Workday approver role", "nivel de aprobador". */
  private static final List<String> APPROVER =
      List.of("approver", "genehmiger", "valideur", "aprobador", "aprovador", "goedkeurder");

  /**
   * Whether the ticket asks for a role rather than access to a thing ("give me the Workday Time
   * Approver role", "assign me Contributor", "nivel de aprobador"): a role word (not "my new role",
   * a job) or an approver word, and no access word: "access to Snowflake with the ANALYST role" is
   * access. The role word, or -1.
   */
  static int asksForRole(Analysis a) {
    int[] c = a.concepts();
    boolean[] neg = a.negated();
    int role = -1;
    for (int i = 0; i < c.length; i++) {
      if (neg[i]) {
        continue;
      }
      if ((c[i] & Concept.ACCESS.bit()) != 0) {
        return -1;
      }
      String w = a.tokens().get(i).folded();
      boolean job = i > 0 && (c[i - 1] & (Concept.NEWISH.bit() | Concept.CREATE.bit())) != 0;
      // The lexicon's compound part "rol" is also inside "Controlling", "control" and "payroll".
      boolean glued =
          (c[i] & Concept.COMPOUND.bit()) != 0
              && !((w.endsWith("rol") && !w.endsWith("trol"))
                  || w.endsWith("rolle")
                  || w.endsWith("role"));
      if (((c[i] & Concept.ROLE.bit()) != 0 && !job && !glued && !PhraseRules.modified(c, i))
          || APPROVER.stream().anyMatch(w::startsWith)) {
        role = role < 0 ? i : role;
      }
    }
    return role;
  }

  /** An account word glued to its kind: "serviceaccount", "Notfallkonten", "rootuser". */
  private static boolean kindCompound(String folded) {
    for (String k : KINDS) {
      if (folded.length() > k.length() + 3 && folded.startsWith(k)) {
        return true;
      }
    }
    return false;
  }
}
