package com.helpdeskverify.llm;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The offline classifier with a second opinion from an LLM. The model is asked only when the
 * offline decision is "not sensitive" or below the confidence bar, and its answer can only add: it
 * makes a ticket sensitive, names the category of an unsure sensitive decision, or says the request
 * is for another account. It never makes a sensitive decision "not sensitive": a miss is the worst
 * failure, and the ticket's text, which the model reads, is written by whoever wants the request
 * done. Any failure (timeout, error status, unusable answer, refusal, open circuit) leaves the
 * offline decision as it was; it is counted and logged without ticket text or key.
 */
public final class LlmClassifier implements SensitivityClassifier {
  private static final Logger LOG = System.getLogger(LlmClassifier.class.getName());

  /** What asking came to, counted for operators. */
  public enum Result {
    /** The model found a sensitive request the offline classifier did not. */
    ADDED_SENSITIVITY,
    /** The model named another category for an unsure sensitive decision. */
    NAMED_CATEGORY,
    /** The model agreed on the category and read the request as being for another account. */
    MARKED_OTHER_ACCOUNT,
    /** The model agreed, or answered NONE: the offline decision stands. */
    NO_CHANGE,
    /** No usable answer (see {@link FailureKind}): the offline decision stands. */
    FAILED
  }

  private final SensitivityClassifier offline;
  private final ChatClient client;
  private final String model;
  private final double askBelow;
  private final Map<Result, LongAdder> results = new EnumMap<>(Result.class);
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);

  /**
   * @param model the model or deployment, as the evidence names it
   * @param askBelow a sensitive offline decision at or above this confidence is not asked about
   */
  LlmClassifier(SensitivityClassifier offline, ChatClient client, String model, double askBelow) {
    this.offline = Objects.requireNonNull(offline, "offline");
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.askBelow = askBelow;
    for (Result r : Result.values()) {
      results.put(r, new LongAdder());
    }
    for (FailureKind k : FailureKind.values()) {
      failures.put(k, new LongAdder());
    }
  }

  @Override
  public Classification classify(
      String summary, String description, Optional<String> requesterEmail) {
    return decide(
        offline.classify(summary, description, requesterEmail), summary, description, false);
  }

  @Override
  public Classification classify(String summary, String description, Requester requester) {
    return decide(offline.classify(summary, description, requester), summary, description, false);
  }

  @Override
  public Classification classifyWrittenForRequester(
      String summary, String description, Requester requester) {
    return decide(
        offline.classifyWrittenForRequester(summary, description, requester),
        summary,
        description,
        true);
  }

  /** How often asking came to each result so far. */
  public Map<Result, Long> results() {
    Map<Result, Long> snapshot = new EnumMap<>(Result.class);
    results.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }

  /** How often each kind of failure happened so far. */
  public Map<FailureKind, Long> failures() {
    Map<FailureKind, Long> snapshot = new EnumMap<>(FailureKind.class);
    failures.forEach((k, v) -> snapshot.put(k, v.sum()));
    return snapshot;
  }

  private Classification decide(
      Classification first, String summary, String description, boolean writtenForRequester) {
    if (first.sensitive() && first.confidence() >= askBelow) {
      return first;
    }
    ChatClient.Outcome outcome = client.ask(summary, description, writtenForRequester);
    if (outcome instanceof ChatClient.Answered answered) {
      return merge(first, answered.verdict());
    }
    ChatClient.Failed failed = (ChatClient.Failed) outcome;
    results.get(Result.FAILED).increment();
    failures.get(failed.kind()).increment();
    // An open circuit was logged when it opened; each refused call would only repeat it.
    LOG.log(
        failed.kind() == FailureKind.CIRCUIT_OPEN ? Level.DEBUG : Level.WARNING,
        "LLM stage: no usable answer ({0}): {1}; the offline decision stands",
        failed.kind(),
        failed.detail());
    return first;
  }

  private Classification merge(Classification first, LlmVerdict verdict) {
    SensitiveOperation said = verdict.operation();
    boolean otherAccount = verdict.otherAccount() && said.sensitive();
    if (!said.sensitive() || (said == first.operation() && !otherAccount)) {
      results.get(Result.NO_CHANGE).increment();
      LOG.log(Level.DEBUG, "LLM stage: {0}; the offline decision stands", said);
      return first;
    }
    List<String> evidence = new ArrayList<>(first.evidence());
    evidence.add("llm: " + model + ": " + verdict.reason());
    List<String> thirdParty = new ArrayList<>(first.thirdParty());
    if (otherAccount) {
      thirdParty.add("llm: " + model + ": the request is for another person's account");
    }
    Result result;
    Classification decided;
    if (!first.sensitive()) {
      result = Result.ADDED_SENSITIVITY;
      decided = new Classification(said, verdict.confidence(), evidence, thirdParty);
    } else {
      result = said == first.operation() ? Result.MARKED_OTHER_ACCOUNT : Result.NAMED_CATEGORY;
      decided =
          new Classification(
              said, Math.max(first.confidence(), verdict.confidence()), evidence, thirdParty);
    }
    results.get(result).increment();
    LOG.log(
        Level.INFO,
        "LLM stage: {0} -> {1} ({2}{3})",
        first.operation(),
        said,
        result,
        otherAccount ? ", for another account" : "");
    return decided;
  }
}
