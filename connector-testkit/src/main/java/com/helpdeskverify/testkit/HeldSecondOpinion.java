package com.helpdeskverify.testkit;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.classify.SecondOpinion;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link SecondOpinion} as slow as a test wants: it keeps every ticket offered and answers none
 * until the test calls {@link #answer}, which then hands the ticket back as a real stage does. The
 * classifier {@link #around} gives intake reads the answer kept for a text, as the LLM stage's
 * does.
 */
public final class HeldSecondOpinion implements SecondOpinion {
  /** One ticket offered, with what intake had decided. */
  public record Offer(
      TicketRef ticket,
      String summary,
      String description,
      boolean writtenForRequester,
      Classification decided) {}

  private final List<Offer> offers = new ArrayList<>();
  private final Map<String, Classification> answers = new ConcurrentHashMap<>();
  private volatile Consumer<TicketRef> handBack = ticket -> {};

  /** Where answered tickets go: intake, in the way the service re-reads a ticket. */
  public void handBackTo(Consumer<TicketRef> handBack) {
    this.handBack = Objects.requireNonNull(handBack);
  }

  @Override
  public synchronized void offer(
      TicketRef ticket,
      String summary,
      String description,
      boolean writtenForRequester,
      Classification decided) {
    offers.add(new Offer(ticket, summary, description, writtenForRequester, decided));
  }

  /** Everything offered so far, in order; none of it answered unless the test did. */
  public synchronized List<Offer> offers() {
    return List.copyOf(offers);
  }

  /**
   * Answers the last offer of {@code ticket}: its text now classifies as {@code answer}, and the
   * ticket is handed back.
   */
  public void answer(TicketRef ticket, Classification answer) {
    Offer offer;
    synchronized (this) {
      offer =
          offers.stream()
              .filter(o -> o.ticket().equals(ticket))
              .reduce((first, second) -> second)
              .orElseThrow(() -> new IllegalStateException(ticket + " was never offered"));
    }
    answers.put(offer.summary() + "\0" + offer.description(), answer);
    handBack.accept(ticket);
  }

  /** {@code offline}, except for texts answered: those classify as the answer. */
  public SensitivityClassifier around(SensitivityClassifier offline) {
    return new SensitivityClassifier() {
      @Override
      public Classification classify(
          String summary, String description, Optional<String> requesterEmail) {
        return known(summary, description)
            .orElseGet(() -> offline.classify(summary, description, requesterEmail));
      }

      @Override
      public Classification classify(String summary, String description, Requester requester) {
        return known(summary, description)
            .orElseGet(() -> offline.classify(summary, description, requester));
      }

      @Override
      public Classification classifyWrittenForRequester(
          String summary, String description, Requester requester) {
        return known(summary, description)
            .orElseGet(() -> offline.classifyWrittenForRequester(summary, description, requester));
      }
    };
  }

  private Optional<Classification> known(String summary, String description) {
    return Optional.ofNullable(answers.get(summary + "\0" + description));
  }
}
