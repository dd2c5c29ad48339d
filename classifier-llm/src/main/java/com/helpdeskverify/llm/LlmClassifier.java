package com.helpdeskverify.llm;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.classify.SecondOpinion;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The offline classifier with a second opinion from an LLM, asked off the intake path. Intake
 * decides with the offline classifier at once; a ticket it finds not sensitive, or sensitive below
 * the confidence bar, is then {@linkplain #offer offered} and asked about on a small pool of its
 * own (bounded in flight and in queue, the oldest question dropped when full). An answer that
 * changes the decision is kept, keyed by the text asked about, and the ticket is handed back to
 * intake, whose next classification of that text uses the kept answer without asking again.
 *
 * <p>The answer can only add: it makes a ticket sensitive, names the category of an unsure
 * sensitive decision, or says the request is for another account. It never makes a sensitive
 * decision "not sensitive": a miss is the worst failure, and the ticket's text, which the model
 * reads, is written by whoever wants the request done. Any failure (timeout, error status, unusable
 * answer, refusal, open circuit) leaves the offline decision as it was; it is counted and logged
 * without ticket text or key.
 */
public final class LlmClassifier implements SensitivityClassifier, SecondOpinion, AutoCloseable {
  private static final Logger LOG = System.getLogger(LlmClassifier.class.getName());

  /** Answers kept; a few megabytes at most, and far more than one scan's unsure tickets. */
  static final int ANSWERS_KEPT = 4096;

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
  private final Consumer<TicketRef> handBack;
  private final Executor questions;
  private final Map<Result, LongAdder> results = new EnumMap<>(Result.class);
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
  private final LongAdder asked = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** Usable answers by the text they are about (see {@link #textKey}), least recent out first. */
  private final Map<String, LlmVerdict> answers =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LlmVerdict> eldest) {
              return size() > ANSWERS_KEPT;
            }
          });

  /** Questions queued or being asked, by ticket and text: one version is asked about once. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  /**
   * @param model the model or deployment, as the evidence names it
   * @param askBelow a sensitive offline decision at or above this confidence is not asked about
   * @param handBack gives a ticket back to intake (re-read and considered again) when an answer
   *     changes its decision
   * @param questions runs the questions; {@link #pool} in the service
   */
  LlmClassifier(
      SensitivityClassifier offline,
      ChatClient client,
      String model,
      double askBelow,
      Consumer<TicketRef> handBack,
      Executor questions) {
    this.offline = Objects.requireNonNull(offline, "offline");
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.askBelow = askBelow;
    this.handBack = Objects.requireNonNull(handBack, "handBack");
    this.questions = Objects.requireNonNull(questions, "questions");
    for (Result r : Result.values()) {
      results.put(r, new LongAdder());
    }
    for (FailureKind k : FailureKind.values()) {
      failures.put(k, new LongAdder());
    }
  }

  /**
   * The pool questions are asked on: {@code inFlight} at a time, {@code queued} waiting; when the
   * queue is full the oldest waiting question is dropped (and counted): the newest tickets are the
   * ones someone is waiting on, and a dropped ticket is asked about again at its next delivery.
   */
  static ThreadPoolExecutor pool(int inFlight, int queued) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            inFlight,
            inFlight,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queued),
            r -> {
              Thread t = new Thread(r, "classifier-llm-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (question, full) -> {
              if (full.isShutdown()) {
                throw new RejectedExecutionException("the LLM stage is closed");
              }
              if (full.getQueue().poll() instanceof Question oldest) {
                oldest.drop();
              }
              full.execute(question);
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public Classification classify(
      String summary, String description, Optional<String> requesterEmail) {
    return withKnownAnswer(
        offline.classify(summary, description, requesterEmail), summary, description, false);
  }

  @Override
  public Classification classify(String summary, String description, Requester requester) {
    return withKnownAnswer(
        offline.classify(summary, description, requester), summary, description, false);
  }

  @Override
  public Classification classifyWrittenForRequester(
      String summary, String description, Requester requester) {
    return withKnownAnswer(
        offline.classifyWrittenForRequester(summary, description, requester),
        summary,
        description,
        true);
  }

  /**
   * Queues a question about the ticket when its decision is one the model is asked about and this
   * text has neither an answer nor a question pending; returns at once.
   */
  @Override
  public void offer(
      TicketRef ticket,
      String summary,
      String description,
      boolean writtenForRequester,
      Classification decided) {
    if (!askable(decided)) {
      return;
    }
    String text = textKey(summary, description, writtenForRequester);
    if (answers.containsKey(text)) {
      return;
    }
    // The hash has a fixed length at the end, so the ticket's part cannot run into it.
    String question = ticket.system() + "/" + ticket.key() + "/" + text;
    if (!pending.add(question)) {
      return;
    }
    try {
      questions.execute(
          new Question(question, ticket, text, summary, description, writtenForRequester, decided));
    } catch (RejectedExecutionException e) {
      pending.remove(question);
      LOG.log(Level.DEBUG, "LLM stage: closed, {0} not asked about", ticket);
    }
  }

  /**
   * How many questions were sent to the endpoint (the circuit refusing one counts as a failure).
   */
  public long asked() {
    return asked.sum();
  }

  /** How many queued questions were dropped, unasked, because the queue was full. */
  public long dropped() {
    return dropped.sum();
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

  /** Stops asking: queued questions are dropped, and those in flight end with their timeout. */
  @Override
  public void close() {
    if (questions instanceof ExecutorService pool) {
      pool.shutdownNow();
    }
  }

  private boolean askable(Classification decided) {
    return !(decided.sensitive() && decided.confidence() >= askBelow);
  }

  /** The offline decision with the model's kept answer about this text, if there is one. */
  private Classification withKnownAnswer(
      Classification first, String summary, String description, boolean writtenForRequester) {
    if (!askable(first)) {
      return first;
    }
    LlmVerdict known = answers.get(textKey(summary, description, writtenForRequester));
    return known == null ? first : merge(first, known).decided();
  }

  /**
   * Identifies what the model reads: the same text asked about again gets the same answer. A hash,
   * so that the kept answers hold no ticket text.
   */
  static String textKey(String summary, String description, boolean writtenForRequester) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(summary.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(description.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) (writtenForRequester ? 1 : 0));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One ticket's question, asked on the pool. */
  private final class Question implements Runnable {
    private final String key;
    private final TicketRef ticket;
    private final String text;
    private final String summary;
    private final String description;
    private final boolean writtenForRequester;
    private final Classification decided;

    Question(
        String key,
        TicketRef ticket,
        String text,
        String summary,
        String description,
        boolean writtenForRequester,
        Classification decided) {
      this.key = key;
      this.ticket = ticket;
      this.text = text;
      this.summary = summary;
      this.description = description;
      this.writtenForRequester = writtenForRequester;
      this.decided = decided;
    }

    @Override
    public void run() {
      try {
        ask();
      } finally {
        pending.remove(key);
      }
    }

    void drop() {
      pending.remove(key);
      dropped.increment();
      LOG.log(Level.DEBUG, "LLM stage: queue full, the question about {0} dropped", ticket);
    }

    private void ask() {
      asked.increment();
      ChatClient.Outcome outcome = client.ask(summary, description, writtenForRequester);
      if (outcome instanceof ChatClient.Failed failed) {
        results.get(Result.FAILED).increment();
        failures.get(failed.kind()).increment();
        // An open circuit was logged when it opened; each refused call would only repeat it.
        LOG.log(
            failed.kind() == FailureKind.CIRCUIT_OPEN ? Level.DEBUG : Level.WARNING,
            "LLM stage: no usable answer about {0} ({1}): {2}; the offline decision stands",
            ticket,
            failed.kind(),
            failed.detail());
        return;
      }
      LlmVerdict verdict = ((ChatClient.Answered) outcome).verdict();
      // Kept also when it changes nothing, so that the same version delivered again (scan and
      // webhook, a sweep) is not asked about twice.
      answers.put(text, verdict);
      Merged merged = merge(decided, verdict);
      results.get(merged.result()).increment();
      if (merged.result() == Result.NO_CHANGE) {
        LOG.log(
            Level.DEBUG,
            "LLM stage: {0}: {1}; the offline decision stands",
            ticket,
            verdict.operation());
        return;
      }
      LOG.log(
          Level.INFO,
          "LLM stage: {0}: {1} -> {2} ({3}{4}); handed back to intake",
          ticket,
          decided.operation(),
          merged.decided().operation(),
          merged.result(),
          merged.decided().targetsThirdParty() && !decided.targetsThirdParty()
              ? ", for another account"
              : "");
      handBack.accept(ticket);
    }
  }

  /** A decision with the model's answer in it, and what the answer did. */
  private record Merged(Classification decided, Result result) {}

  private Merged merge(Classification first, LlmVerdict verdict) {
    SensitiveOperation said = verdict.operation();
    boolean otherAccount = verdict.otherAccount() && said.sensitive();
    if (!said.sensitive() || (said == first.operation() && !otherAccount)) {
      return new Merged(first, Result.NO_CHANGE);
    }
    List<String> evidence = new ArrayList<>(first.evidence());
    evidence.add("llm: " + model + ": " + verdict.reason());
    List<String> thirdParty = new ArrayList<>(first.thirdParty());
    if (otherAccount) {
      thirdParty.add("llm: " + model + ": the request is for another person's account");
    }
    if (!first.sensitive()) {
      return new Merged(
          new Classification(said, verdict.confidence(), evidence, thirdParty),
          Result.ADDED_SENSITIVITY);
    }
    return new Merged(
        new Classification(
            said, Math.max(first.confidence(), verdict.confidence()), evidence, thirdParty),
        said == first.operation() ? Result.MARKED_OTHER_ACCOUNT : Result.NAMED_CATEGORY);
  }
}
