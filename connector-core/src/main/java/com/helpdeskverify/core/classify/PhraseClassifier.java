package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from a ticket's text whether it asks for a sensitive operation, in English, German,
 * French, Spanish, Dutch and Portuguese. Words are folded and stemmed (see {@link Lexicon}) into
 * concepts; rules pair an action with its object within a few words ("reset" ... "password",
 * "Zugriff" ... "benötige"). An action is discounted when its clause negates it ("I do not need a
 * reset"), cancels a request, asks how something works, or reports phishing without asking for
 * anything; a genuine request elsewhere in the ticket still counts. Recall comes first: a false
 * alarm costs one push, a miss lets an impostor through. A sensitive request that seems to be for
 * someone else's account carries what says so ({@link ThirdParty}). A learned model ({@link
 * LearnedModel}, shipped in the jar) reads every ticket with the rules' findings: it finds requests
 * the rules have no words for and names the words that decided, overrules rule finds it is sure are
 * none, and names the category of a rule find it is sure of (connector-core README).
 */
public final class PhraseClassifier implements SensitivityClassifier {

  /** The order in which categories win when a ticket asks for several things at once. */
  private static final List<SensitiveOperation> PRIORITY =
      List.of(
          SensitiveOperation.MFA_RESET,
          SensitiveOperation.CREDENTIAL_RESET,
          SensitiveOperation.ADMIN_ACCOUNT_CREATION,
          SensitiveOperation.PRIVILEGE_CHANGE,
          SensitiveOperation.ACCOUNT_UNLOCK,
          SensitiveOperation.ACCESS_GRANT);

  private static final Lexicon LEXICON = new Lexicon();

  private final Map<SensitiveOperation, List<List<String>>> extraPhrases;

  /** The learned second opinion, asked on every ticket; null: rules alone. */
  private final LearnedModel model;

  /**
   * How likely "sensitive" must be, by the model, to overrule rules that found nothing; higher when
   * the rules saw a request but discounted it (negated, cancelled, a how-to question).
   */
  static final double MODEL_THRESHOLD = 0.28;

  static final double MODEL_THRESHOLD_DISCOUNTED = 0.5;

  /**
   * Below this p(sensitive) the model overrules a request the rules found: most of the rules' false
   * alarms ("what are the password rules?", "the reset page is down") score far below it, few of
   * their true finds do (module README).
   */
  static final double MODEL_VETO = 0.18;

  /**
   * From this probability of its own category the model names the category of a request the rules
   * found: it tells a new admin account from more rights on an existing one better than the rules'
   * order of precedence.
   */
  static final double MODEL_CATEGORY = 0.3;

  private final double threshold;
  private final double thresholdDiscounted;
  private final double veto;

  /** The model is read once per process, on first use. */
  private static final class Shipped {
    static final LearnedModel MODEL = LearnedModel.shipped();
  }

  public PhraseClassifier() {
    this(Map.of());
  }

  /**
   * @param extraPhrases phrases an organisation adds per category (in-house system names, say), on
   *     top of the built-in rules, which cannot be removed
   */
  public PhraseClassifier(Map<SensitiveOperation, List<String>> extraPhrases) {
    this(extraPhrases, Shipped.MODEL);
  }

  /** The rules with another model, or none ({@code null}), to measure each stage on its own. */
  PhraseClassifier(Map<SensitiveOperation, List<String>> extraPhrases, LearnedModel model) {
    this(extraPhrases, model, MODEL_THRESHOLD, MODEL_THRESHOLD_DISCOUNTED, MODEL_VETO);
  }

  /** With other thresholds, to measure them. */
  PhraseClassifier(
      Map<SensitiveOperation, List<String>> extraPhrases,
      LearnedModel model,
      double threshold,
      double thresholdDiscounted,
      double veto) {
    this.model = model;
    this.threshold = threshold;
    this.thresholdDiscounted = thresholdDiscounted;
    this.veto = veto;
    Map<SensitiveOperation, List<List<String>>> phrases = new EnumMap<>(SensitiveOperation.class);
    extraPhrases.forEach(
        (op, list) -> {
          if (!op.sensitive()) {
            throw new IllegalArgumentException(
                "extra phrases need a sensitive category, not " + op);
          }
          List<List<String>> analysed = new ArrayList<>();
          for (String phrase : list) {
            List<String> words = new ArrayList<>();
            for (Token t : Tokens.of(Objects.requireNonNull(phrase))) {
              words.add(t.folded());
            }
            if (!words.isEmpty()) {
              analysed.add(List.copyOf(words));
            }
          }
          phrases.put(op, List.copyOf(analysed));
        });
    this.extraPhrases = phrases;
  }

  /** A word of the ticket, where it is, what it means, and its clause. */
  record Token(String folded, int start, int end, int clause) {}

  /** A request the rules found; {@code ownPhrase}: by a phrase the organisation added. */
  private record Hit(
      SensitiveOperation operation, double weight, int first, int last, boolean ownPhrase) {
    Hit(SensitiveOperation operation, double weight, int first, int last) {
      this(operation, weight, first, last, false);
    }
  }

  /**
   * A ticket's text as the rules and the model read it; the model's concepts also mark questions
   * ({@link Concept#QUESTION}), which the rules and the third-party search do not read.
   */
  record Analysis(
      String text, List<Token> tokens, int[] concepts, boolean[] negated, int[] modelConcepts) {}

  static Analysis analyse(String summary, String description) {
    String text =
        TextCleaner.clean(summary == null ? "" : summary)
            + "\n"
            + TextCleaner.clean(description == null ? "" : description);
    List<Token> tokens = Tokens.of(text);
    int n = tokens.size();
    int[] concepts = new int[n];
    for (int i = 0; i < n; i++) {
      concepts[i] |= LEXICON.concepts(tokens.get(i).folded());
    }
    markTerms(tokens, concepts);
    int[] modelConcepts = concepts.clone();
    markQuestions(text, tokens, modelConcepts);
    return new Analysis(text, tokens, concepts, negated(tokens, concepts), modelConcepts);
  }

  /** Marks the words of each clause that ends in "?" or opens with "¿". */
  private static void markQuestions(String text, List<Token> tokens, int[] c) {
    int n = tokens.size();
    int from = 0;
    while (from < n) {
      int clause = tokens.get(from).clause();
      int to = from;
      while (to + 1 < n && tokens.get(to + 1).clause() == clause) {
        to++;
      }
      int end = to + 1 < n ? tokens.get(to + 1).start() : text.length();
      int start = tokens.get(from).start();
      boolean asked = false;
      for (int k = tokens.get(to).end(); k < end && !asked; k++) {
        char ch = text.charAt(k);
        if (ch == '?') {
          asked = true;
        } else if (ch == '.' || ch == '!' || ch == '\n') {
          break;
        }
      }
      for (int k = start - 1; k >= 0 && k >= start - 3 && !asked; k--) {
        asked = text.charAt(k) == '\u00bf';
      }
      if (asked) {
        for (int k = from; k <= to; k++) {
          c[k] |= Concept.QUESTION.bit();
        }
      }
      from = to + 1;
    }
  }

  @Override
  public Classification classify(
      String summary, String description, Optional<String> requesterEmail) {
    return classify(summary, description, ThirdPartyRequester.of(requesterEmail));
  }

  /** Also knows the requester's display name: "of John Doe" from John Doe is their own account. */
  @Override
  public Classification classify(String summary, String description, Requester requester) {
    return classify(
        summary, description, new ThirdPartyRequester(requester.email(), requester.displayName()));
  }

  @Override
  public Classification classifyWrittenForRequester(
      String summary, String description, Requester requester) {
    return classify(
        summary,
        description,
        new ThirdPartyRequester(requester.email(), requester.displayName()).toldOfByAnAgent());
  }

  /** What the rules found in a ticket: requests, requests they discounted, and why. */
  private record Findings(
      List<Hit> hits,
      List<Hit> discounted,
      boolean settled,
      boolean reportOnly,
      boolean negatedRequest,
      boolean shortSummary) {

    /**
     * The findings as bits the model reads as features (which category the rules found or
     * discounted, what discounted it), so it learns how far to trust each: one of {@code PRIORITY}
     * found (bits 0-5) or discounted (6-11), a negated request, a report, a settled ticket, a bare
     * short summary.
     */
    int signals() {
      int bits = 0;
      for (Hit h : hits) {
        bits |= 1 << PRIORITY.indexOf(h.operation());
      }
      for (Hit h : discounted) {
        bits |= 1 << (6 + PRIORITY.indexOf(h.operation()));
      }
      return bits
          | (negatedRequest ? 1 << 12 : 0)
          | (reportOnly ? 1 << 13 : 0)
          | (settled ? 1 << 14 : 0)
          | (shortSummary ? 1 << 15 : 0);
    }
  }

  /** The rules alone, with no organisation's phrases: what the model is trained alongside. */
  private static final class Plain {
    static final PhraseClassifier RULES = new PhraseClassifier(Map.of(), null);
  }

  /** The rules' findings as the model's features see them (training uses the same). */
  static int ruleSignals(Analysis analysis, String description) {
    return Plain.RULES.findings(analysis, description).signals();
  }

  private Findings findings(Analysis analysis, String description) {
    List<Token> tokens = analysis.tokens();
    int[] concepts = analysis.concepts();
    boolean[] negated = analysis.negated();
    Set<Integer> clausesDiscounted = discountedClauses(tokens, concepts, negated);
    boolean reportOnly = any(concepts, Concept.SUSPICIOUS);
    Set<Integer> politeClauses = clausesWith(tokens, concepts, Concept.POLITE);
    boolean settled = any(concepts, Concept.DONE);

    List<Hit> hits = new ArrayList<>();
    List<Hit> discounted = new ArrayList<>();
    for (Hit hit : candidates(tokens, concepts, negated)) {
      int clause = tokens.get(hit.first()).clause();
      boolean off =
          settled
              || clausesDiscounted.contains(clause)
              || clausesDiscounted.contains(tokens.get(hit.last()).clause())
              || (reportOnly
                  && !politeClauses.contains(clause)
                  && !politeClauses.contains(tokens.get(hit.last()).clause()));
      (off ? discounted : hits).add(hit);
    }
    boolean shortSummary =
        shortSummaryAbout(tokens, concepts, Concept.PASSWORD)
            && description != null
            && description.isBlank();
    return new Findings(
        hits, discounted, settled, reportOnly, negatedRequest(concepts, negated), shortSummary);
  }

  private Classification classify(
      String summary, String description, ThirdPartyRequester requester) {
    Analysis analysis = analyse(summary, description);
    String text = analysis.text();
    List<Token> tokens = analysis.tokens();
    int n = tokens.size();
    int[] concepts = analysis.concepts();
    boolean[] negated = analysis.negated();
    Findings found = findings(analysis, description);
    List<Hit> hits = found.hits();
    List<Hit> discounted = found.discounted();
    boolean settled = found.settled();
    boolean reportOnly = found.reportOnly();
    LearnedModel.Verdict second =
        model == null || settled
            ? null
            : model.judge(tokens, analysis.modelConcepts(), negated, found.signals());
    // An organisation's own phrase is its decision; the model never overrules it.
    boolean ownPhrase = hits.stream().anyMatch(Hit::ownPhrase);
    if (second != null
        && !ownPhrase
        && second.sensitive() < veto
        && (!hits.isEmpty() || found.shortSummary())) {
      List<String> evidence = new ArrayList<>(evidence(text, tokens, hits));
      evidence.add(
          String.format(
              java.util.Locale.ROOT,
              "learned model, p(sensitive)=%.2f: not a request",
              second.sensitive()));
      return new Classification(SensitiveOperation.NONE, 0.75, List.copyOf(evidence));
    }
    if (hits.isEmpty()) {
      if (found.shortSummary() && !settled) {
        int summaryEnd = 0;
        while (summaryEnd + 1 < n && tokens.get(summaryEnd + 1).clause() == 0) {
          summaryEnd++;
        }
        return new Classification(
            SensitiveOperation.CREDENTIAL_RESET,
            0.55,
            List.of(summary.strip()),
            ThirdParty.find(
                text, tokens, concepts, negated, List.of(new int[] {0, summaryEnd}), requester));
      }
      if (second != null) {
        Classification learned =
            learned(
                analysis,
                second,
                found.signals(),
                !discounted.isEmpty()
                    || found.negatedRequest()
                    || reportOnly
                    || modifiedObject(concepts),
                requester);
        if (learned != null) {
          return learned;
        }
      }
      return new Classification(
          SensitiveOperation.NONE,
          discounted.isEmpty() ? 0.95 : 0.75,
          evidence(text, tokens, discounted));
    }
    for (SensitiveOperation first : PRIORITY) {
      SensitiveOperation op = first;
      List<Hit> ofOp = hits.stream().filter(h -> h.operation() == first).toList();
      if (!ofOp.isEmpty()) {
        double best = ofOp.stream().mapToDouble(Hit::weight).max().orElse(0);
        double confidence = Math.min(0.99, best + 0.04 * (ofOp.size() - 1));
        List<int[]> spans = hits.stream().map(h -> new int[] {h.first(), h.last()}).toList();
        List<String> evidence = evidence(text, tokens, ofOp);
        if (second != null
            && !ownPhrase
            && second.category() != op
            && second.likelihood() >= MODEL_CATEGORY) {
          op = second.category();
          List<String> both = new ArrayList<>(evidence(text, tokens, hits));
          both.add(modelEvidence(analysis, found.signals(), second));
          evidence = List.copyOf(both);
        }
        return new Classification(
            op,
            confidence,
            evidence,
            ThirdParty.find(text, tokens, concepts, negated, spans, requester));
      }
    }
    throw new IllegalStateException("every sensitive operation has a priority");
  }

  /**
   * The model's verdict when it finds a sensitive request the rules did not; null when it does not.
   * Its evidence names the words that weighed most towards the category it chose.
   */
  private Classification learned(
      Analysis a,
      LearnedModel.Verdict verdict,
      int signals,
      boolean rulesDiscounted,
      ThirdPartyRequester requester) {
    double bar = rulesDiscounted ? thresholdDiscounted : threshold;
    if (verdict.sensitive() < bar) {
      return null;
    }
    List<Integer> words = decidingWords(a, signals, verdict.category());
    List<int[]> spans = new ArrayList<>();
    for (int w : words) {
      spans.add(new int[] {w, w});
    }
    return new Classification(
        verdict.category(),
        Math.min(0.99, verdict.sensitive()),
        List.of(modelEvidence(a, signals, verdict)),
        ThirdParty.find(a.text(), a.tokens(), a.concepts(), a.negated(), spans, requester));
  }

  private List<Integer> decidingWords(Analysis a, int signals, SensitiveOperation category) {
    return model
        .decidingWords(a.tokens(), a.modelConcepts(), a.negated(), signals, category, 8)
        .stream()
        .filter(w -> telling(a.tokens().get(w).folded(), a.concepts()[w]))
        .limit(4)
        .toList();
  }

  /** "learned model, p(sensitive)=0.87: authenticator, phone, wiped": the words that decided. */
  private String modelEvidence(Analysis a, int signals, LearnedModel.Verdict verdict) {
    List<String> evidence = new ArrayList<>();
    for (int w : decidingWords(a, signals, verdict.category())) {
      Token t = a.tokens().get(w);
      evidence.add(a.text().substring(t.start(), t.end()));
    }
    return String.format(
        java.util.Locale.ROOT,
        "learned model, p(sensitive)=%.2f: %s",
        verdict.sensitive(),
        String.join(", ", evidence));
  }

  /**
   * A password or access word the rules read as describing another thing ("password manager",
   * "access point"): the rules saw it and judged it no request, so the model needs the higher bar.
   */
  private static boolean modifiedObject(int[] c) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & (Concept.PASSWORD.bit() | Concept.ACCESS.bit())) != 0 && modified(c, i)) {
        return true;
      }
    }
    return false;
  }

  /** A word worth showing a technician: not "please", not a two-letter word. */
  private static boolean telling(String folded, int concepts) {
    return folded.length() > 2 && (concepts & (Concept.POLITE.bit() | Concept.NEGATION.bit())) == 0;
  }

  /**
   * Something the rules would take as a request stands under a negation: "I do not need a reset".
   */
  private static boolean negatedRequest(int[] c, boolean[] neg) {
    int asked =
        both(
            Concept.PASSWORD,
            Concept.RESET,
            Concept.MFA,
            Concept.UNLOCK,
            Concept.LOCKED,
            Concept.ADMIN,
            Concept.ACCESS,
            Concept.RIGHTS,
            Concept.REQUEST);
    for (int i = 0; i < c.length; i++) {
      if (neg[i] && (c[i] & asked) != 0) {
        return true;
      }
    }
    return false;
  }

  // --- rules
  // --------------------------------------------------------------------------------------

  private List<Hit> candidates(List<Token> tokens, int[] c, boolean[] neg) {
    List<Hit> hits = new ArrayList<>();
    pair(
        hits,
        SensitiveOperation.MFA_RESET,
        0.9,
        c,
        neg,
        12,
        both(Concept.RESET, Concept.CHANGED, Concept.REREGISTER),
        Concept.MFA.bit());
    pair(
        hits,
        SensitiveOperation.CREDENTIAL_RESET,
        0.9,
        c,
        neg,
        20,
        both(Concept.RESET),
        Concept.PASSWORD.bit());
    pair(
        hits,
        SensitiveOperation.CREDENTIAL_RESET,
        0.75,
        c,
        neg,
        4,
        both(Concept.NEWISH, Concept.REQUEST),
        Concept.PASSWORD.bit());
    pair(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.9,
        c,
        neg,
        8,
        Concept.UNLOCK.bit(),
        Concept.ACCOUNT.bit());
    ordered(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.85,
        c,
        neg,
        Concept.ACCOUNT.bit(),
        Concept.LOCKED.bit(),
        4);
    ordered(
        hits,
        SensitiveOperation.ACCOUNT_UNLOCK,
        0.85,
        c,
        neg,
        Concept.LOCKED.bit(),
        Concept.ACCOUNT.bit(),
        2);
    single(hits, SensitiveOperation.ACCOUNT_UNLOCK, 0.85, c, neg, Concept.LOCKED_OUT.bit());
    politeChange(hits, tokens, c, neg);
    adminAccount(hits, c, neg);
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.9,
        c,
        neg,
        4,
        Concept.ADMIN.bit(),
        both(Concept.RIGHTS, Concept.ROLE));
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.85,
        c,
        neg,
        6,
        Concept.ADD.bit(),
        Concept.ADMIN.bit());
    pair(
        hits,
        SensitiveOperation.PRIVILEGE_CHANGE,
        0.8,
        c,
        neg,
        3,
        Concept.REQUEST.bit(),
        Concept.ADMIN.bit());
    single(hits, SensitiveOperation.PRIVILEGE_CHANGE, 0.8, c, neg, Concept.ELEVATE.bit());
    pair(
        hits,
        SensitiveOperation.ACCESS_GRANT,
        0.85,
        c,
        neg,
        8,
        both(Concept.REQUEST, Concept.ADD),
        Concept.ACCESS.bit());
    pair(
        hits,
        SensitiveOperation.ACCESS_GRANT,
        0.8,
        c,
        neg,
        6,
        Concept.ADD.bit(),
        Concept.GROUP.bit());
    // "remove my admin rights" gives a privilege back, like "remove my access".
    hits.removeIf(
        h ->
            (h.operation() == SensitiveOperation.ACCESS_GRANT
                    || h.operation() == SensitiveOperation.PRIVILEGE_CHANGE)
                && removal(tokens, c, h));
    extraPhrases(hits, tokens, neg);
    return hits;
  }

  private static int both(Concept... concepts) {
    int mask = 0;
    for (Concept concept : concepts) {
      mask |= concept.bit();
    }
    return mask;
  }

  /** An action and an object within {@code window} words of each other, in either order. */
  private static void pair(
      List<Hit> hits,
      SensitiveOperation op,
      double weight,
      int[] c,
      boolean[] neg,
      int window,
      int action,
      int object) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & action) == 0 || neg[i] || modified(c, i)) {
        continue;
      }
      // The nearest object: "cancelled my access request ... please grant me access" pairs the
      // grant with the access next to it, not with the cancelled one.
      for (int d = 0; d <= window; d++) {
        int found = -1;
        for (int j : new int[] {i - d, i + d}) {
          if (j >= 0
              && j < c.length
              && (c[j] & object) != 0
              && !neg[j]
              && !modified(c, j)
              // One word is both only as a compound of two parts ("Adminrechte"), never by a
              // stem that happens to fit both lists ("privileged").
              && (j != i || (c[i] & Concept.COMPOUND.bit()) != 0)) {
            found = j;
            break;
          }
        }
        if (found >= 0) {
          hits.add(new Hit(op, weight, Math.min(i, found), Math.max(i, found)));
          break;
        }
      }
    }
  }

  /** {@code before} followed within {@code window} words by {@code after}: "account locked". */
  private static void ordered(
      List<Hit> hits,
      SensitiveOperation op,
      double weight,
      int[] c,
      boolean[] neg,
      int before,
      int after,
      int window) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & before) == 0 || neg[i]) {
        continue;
      }
      for (int j = i + 1; j <= Math.min(c.length - 1, i + window); j++) {
        if ((c[j] & after) != 0 && !neg[j]) {
          hits.add(new Hit(op, weight, i, j));
          break;
        }
      }
    }
  }

  private static void single(
      List<Hit> hits, SensitiveOperation op, double weight, int[] c, boolean[] neg, int concept) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & concept) != 0 && !neg[i]) {
        hits.add(new Hit(op, weight, i, i));
      }
    }
  }

  /**
   * "Can you change my password": a change asked for. Without a request in its clause a change is
   * more often told of ("I changed my password yesterday") than asked for.
   */
  private static void politeChange(List<Hit> hits, List<Token> tokens, int[] c, boolean[] neg) {
    Set<Integer> polite = clausesWith(tokens, c, Concept.POLITE);
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.CHANGE.bit()) == 0
          || neg[i]
          || !polite.contains(tokens.get(i).clause())) {
        continue;
      }
      int password = nearest(c, neg, i, 6, Concept.PASSWORD.bit());
      if (password >= 0 && !modified(c, password)) {
        hits.add(
            new Hit(
                SensitiveOperation.CREDENTIAL_RESET,
                0.8,
                Math.min(i, password),
                Math.max(i, password)));
      }
    }
  }

  /** "create" near "admin" near "account": the account is new and privileged. */
  private static void adminAccount(List<Hit> hits, int[] c, boolean[] neg) {
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.ADMIN.bit()) == 0 || neg[i]) {
        continue;
      }
      int account = nearest(c, neg, i, 6, Concept.ACCOUNT.bit());
      if (account < 0) {
        continue;
      }
      int lo = Math.min(i, account);
      int hi = Math.max(i, account);
      int create = nearest(c, neg, lo, 8, Concept.CREATE.bit());
      if (create < 0) {
        create = nearest(c, neg, hi, 8, Concept.CREATE.bit());
      }
      if (create >= 0) {
        hits.add(
            new Hit(
                SensitiveOperation.ADMIN_ACCOUNT_CREATION,
                0.9,
                Math.min(lo, create),
                Math.max(hi, create)));
      }
    }
  }

  private static int nearest(int[] c, boolean[] neg, int at, int window, int concept) {
    for (int d = 0; d <= window; d++) {
      for (int j : new int[] {at - d, at + d}) {
        if (j >= 0 && j < c.length && (c[j] & concept) != 0 && !neg[j]) {
          return j;
        }
      }
    }
    return -1;
  }

  /** "remove my access": the same clause takes access away rather than asking for it. */
  private static boolean removal(List<Token> tokens, int[] c, Hit hit) {
    int clause = tokens.get(hit.first()).clause();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).clause() == clause && (c[i] & Concept.REMOVE.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  private void extraPhrases(List<Hit> hits, List<Token> tokens, boolean[] neg) {
    extraPhrases.forEach(
        (op, phrases) -> {
          for (List<String> phrase : phrases) {
            for (int i = 0; i + phrase.size() <= tokens.size(); i++) {
              boolean match = true;
              for (int k = 0; k < phrase.size() && match; k++) {
                match = tokens.get(i + k).folded().equals(phrase.get(k));
              }
              if (match && !neg[i]) {
                hits.add(new Hit(op, 0.8, i, i + phrase.size() - 1, true));
              }
            }
          }
        });
  }

  // --- context
  // ------------------------------------------------------------------------------------

  /** Marks multi-word terms ("mot de passe", "locked out", "how long") on their words. */
  static void markTerms(List<Token> tokens, int[] c) {
    for (int i = 0; i < tokens.size(); i++) {
      List<Map.Entry<Concept, List<String>>> starting =
          Lexicon.termsStartingWith(tokens.get(i).folded());
      for (Map.Entry<Concept, List<String>> term : starting) {
        List<String> words = term.getValue();
        boolean match = i + words.size() <= tokens.size();
        for (int k = 1; k < words.size() && match; k++) {
          match = tokens.get(i + k).folded().equals(words.get(k));
        }
        if (match) {
          for (int k = 0; k < words.size(); k++) {
            c[i + k] |= term.getKey().bit();
          }
        }
      }
    }
  }

  /** A word is negated when a negation stands before it in its clause, at most five words back. */
  private static boolean[] negated(List<Token> tokens, int[] c) {
    boolean[] neg = new boolean[c.length];
    for (int i = 0; i < c.length; i++) {
      for (int j = i - 1;
          j >= Math.max(0, i - 5) && tokens.get(j).clause() == tokens.get(i).clause();
          j--) {
        if ((c[j] & Concept.NEGATION.bit()) != 0) {
          neg[i] = true;
          break;
        }
      }
    }
    return neg;
  }

  /**
   * Clauses that cancel a request, ask how something works, or thank for or report a finished job
   * ("the reset worked"); a negated report ("never worked") still asks.
   */
  private static Set<Integer> discountedClauses(List<Token> tokens, int[] c, boolean[] neg) {
    Set<Integer> clauses = clausesWith(tokens, c, Concept.CANCEL);
    clauses.addAll(clausesWith(tokens, c, Concept.HOW));
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & Concept.THANKS.bit()) != 0 && !neg[i]) {
        clauses.add(tokens.get(i).clause());
      }
    }
    return clauses;
  }

  private static Set<Integer> clausesWith(List<Token> tokens, int[] c, Concept concept) {
    Set<Integer> clauses = new LinkedHashSet<>();
    for (int i = 0; i < c.length; i++) {
      if ((c[i] & concept.bit()) != 0) {
        clauses.add(tokens.get(i).clause());
      }
    }
    return clauses;
  }

  private static boolean any(int[] c, Concept concept) {
    for (int m : c) {
      if ((m & concept.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  /** "password manager", "access point": the word describes another thing. */
  private static boolean modified(int[] c, int i) {
    return (i + 1 < c.length && (c[i + 1] & Concept.MODIFIED.bit()) != 0)
        || (i - 2 >= 0
            && (c[i - 2] & Concept.MODIFIED.bit()) != 0
            && (c[i] & Concept.PASSWORD.bit()) != 0)
        || (c[i] & Concept.MODIFIED.bit()) != 0
            && (c[i] & (Concept.PASSWORD.bit() | Concept.ACCESS.bit())) != 0;
  }

  private static boolean shortSummaryAbout(List<Token> tokens, int[] c, Concept concept) {
    int summaryWords = 0;
    boolean about = false;
    for (int i = 0; i < tokens.size() && tokens.get(i).clause() == 0; i++) {
      summaryWords++;
      about |= (c[i] & concept.bit()) != 0;
    }
    return about && summaryWords <= 3;
  }

  private static List<String> evidence(String text, List<Token> tokens, List<Hit> hits) {
    Set<String> phrases = new LinkedHashSet<>();
    for (Hit h : hits) {
      int start = tokens.get(h.first()).start();
      int end = tokens.get(h.last()).end();
      String phrase =
          text.substring(start, Math.min(end, start + 80)).replaceAll("\\s+", " ").strip();
      phrases.add(phrase);
      if (phrases.size() == 3) {
        break;
      }
    }
    return List.copyOf(phrases);
  }

  /** Splits text into words with their place and clause. */
  static final class Tokens {
    private Tokens() {}

    static List<Token> of(String text) {
      List<Token> tokens = new ArrayList<>();
      int clause = 0;
      int i = 0;
      int len = text.length();
      while (i < len) {
        char ch = text.charAt(i);
        if (Character.isLetterOrDigit(ch)) {
          int start = i;
          while (i < len && Character.isLetterOrDigit(text.charAt(i))) {
            i++;
          }
          String folded = Lexicon.fold(text, start, i);
          if (isClauseWord(folded) && !tokens.isEmpty()) {
            clause++;
          }
          tokens.add(new Token(folded, start, i, clause));
          continue;
        }
        if (ch == '.'
            || ch == '!'
            || ch == '?'
            || ch == ';'
            || ch == ','
            || ch == '\n'
            || ch == '('
            || ch == ')'
            || ch == ':') {
          if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).clause() == clause) {
            clause++;
          }
        }
        i++;
      }
      return tokens;
    }

    private static boolean isClauseWord(String folded) {
      return switch (folded) {
        case "but", "aber", "mais", "pero", "mas", "maar", "however", "jedoch", "sondern" -> true;
        default -> false;
      };
    }
  }
}
