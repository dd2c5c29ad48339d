package com.helpdeskverify.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.helpdeskverify.testkit.WorkflowHarness.requester;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.classify.SensitivityClassifier;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.workflow.TicketIntake;
import com.helpdeskverify.core.workflow.TicketScanner;
import com.helpdeskverify.testkit.WorkflowHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LLM stage off the intake path, with the service's intake and scanner on a case store: the
 * model is asked after intake has decided, and an answer that adds sensitivity comes back as a
 * re-delivery of the ticket.
 */
class LlmQuestionsTest {
  private static final String COMPLETIONS = "/v1/chat/completions";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension llm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final WorkflowHarness h = new WorkflowHarness();
  private final Requester alice = requester("alice");

  /** Questions waiting to be run by the test, in order: a pool that runs only when told. */
  private final List<Runnable> queued = new ArrayList<>();

  private LlmClassifier stage;
  private TicketIntake intake;

  @AfterEach
  void close() {
    if (stage != null) {
      stage.close();
    }
    h.close();
  }

  @Test
  void classifyingNeverCallsTheEndpoint() {
    answer("{\"operation\": \"CREDENTIAL_RESET\", \"confidence\": 0.9, \"reason\": \"x\"}");
    wire(() -> queued::add);

    Classification decided = stage.classify("Printer on floor 3", "The printer jams again.");

    assertThat(decided.operation()).isEqualTo(SensitiveOperation.NONE);
    llm.verify(0, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
  }

  @Test
  void aSensitiveAnswerForATicketTheOfflineClassifierMissedOpensItsCaseOnRedelivery() {
    answer(
        "{\"operation\": \"CREDENTIAL_RESET\", \"confidence\": 0.9, \"reason\": \"asks for a new"
            + " password, described without the word\"}");
    wire(() -> queued::add);
    Ticket t = h.tickets.file(alice, "Printer on floor 3", "The printer jams again.");
    scan();
    assertThat(h.store.latestFor(t.ref())).isEmpty();

    runQueued();

    VerificationCase opened = h.store.latestFor(t.ref()).orElseThrow();
    assertThat(opened.classification().operation()).isEqualTo(SensitiveOperation.CREDENTIAL_RESET);
    assertThat(opened.classification().evidence())
        .contains("llm: gpt-4o-mini: asks for a new password, described without the word");
    llm.verify(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    assertThat(stage.results()).containsEntry(LlmClassifier.Result.ADDED_SENSITIVITY, 1L);
  }

  @Test
  void theSameVersionDeliveredAgainIsNotAskedAboutTwice() {
    answer("{\"operation\": \"NONE\", \"confidence\": 0.9, \"reason\": \"a printer\"}");
    wire(() -> queued::add);
    Ticket t = h.tickets.file(alice, "Printer on floor 3", "The printer jams again.");

    // Scan and webhook deliver it before the answer, and again after it.
    intake.consider(t);
    intake.consider(t);
    runQueued();
    intake.consider(t);
    runQueued();

    llm.verify(1, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    assertThat(stage.asked()).isEqualTo(1);
    assertThat(h.store.latestFor(t.ref())).isEmpty();
  }

  @Test
  @Timeout(60)
  void aScanWithTheEndpointBusyOpensTheSensitiveTicketBehindManyHarmlessOnesAtOnce()
      throws InterruptedException {
    answer("{\"operation\": \"NONE\", \"confidence\": 0.9, \"reason\": \"harmless\"}");
    ThreadPoolExecutor pool = LlmClassifier.pool(LlmStage.IN_FLIGHT, LlmStage.QUEUED);
    wire(() -> pool);
    // Every thread busy with a question that has no answer yet: as slow as an endpoint can be.
    CountDownLatch endpointAnswers = new CountDownLatch(1);
    for (int i = 0; i < LlmStage.IN_FLIGHT; i++) {
      pool.execute(() -> awaitQuietly(endpointAnswers));
    }
    for (int i = 0; i < 100; i++) {
      h.tickets.file(alice, "Printer on floor " + i, "The printer jams again.");
      h.clock.advance(Duration.ofSeconds(1));
    }
    Ticket reset = h.passwordReset(alice);

    TicketScanner.ScanReport report = scan();

    assertThat(report.opened()).isEqualTo(1);
    assertThat(h.store.latestFor(reset.ref())).isPresent();
    assertThat(stage.asked()).isZero();
    assertThat(pool.getQueue()).hasSize(100);

    endpointAnswers.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(50, TimeUnit.SECONDS)).isTrue();
    assertThat(stage.asked()).isEqualTo(100);
  }

  @Test
  @Timeout(60)
  void aFullQueueDropsTheOldestQuestionAndCountsIt() throws InterruptedException {
    answer("{\"operation\": \"NONE\", \"confidence\": 0.9, \"reason\": \"harmless\"}");
    ThreadPoolExecutor pool = LlmClassifier.pool(1, 2);
    wire(() -> pool);
    CountDownLatch endpointAnswers = new CountDownLatch(1);
    pool.execute(() -> awaitQuietly(endpointAnswers));
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tickets.add(h.tickets.file(alice, "Printer on floor " + i, "The printer jams again."));
    }

    tickets.forEach(intake::consider);

    assertThat(stage.dropped()).isEqualTo(2);
    assertThat(pool.getQueue()).hasSize(2);

    // A dropped ticket is queued again at its next delivery, and the oldest waiting one goes.
    intake.consider(tickets.get(0));

    assertThat(stage.dropped()).isEqualTo(3);
    endpointAnswers.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(50, TimeUnit.SECONDS)).isTrue();
    llm.verify(2, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    assertThat(stage.asked()).isEqualTo(2);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private void wire(Supplier<Executor> questions) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("enabled", true);
    raw.put("base-url", llm.baseUrl() + "/v1");
    raw.put("model", "gpt-4o-mini");
    raw.put("api-key", "sk-test-0000");
    ConfigValues section = LlmStage.config().parse(LlmStage.PATH, raw);
    SensitivityClassifier classifier =
        LlmStage.around(
            new PhraseClassifier(),
            Optional.of(section),
            h.clock,
            // As ConnectorService.ticketsChanged: the ticket is read again and considered again.
            (TicketRef ref) -> h.tickets.fetch(ref).ifPresent(t -> intake.consider(t)),
            questions);
    stage = (LlmClassifier) classifier;
    intake =
        new TicketIntake(
            h.store,
            stage,
            system -> h.provider.id(),
            h.policy,
            h.clock,
            new SplittableRandom(7),
            "node-1",
            h.rules::get,
            Optional.empty(),
            Optional.of(stage));
  }

  private TicketScanner.ScanReport scan() {
    return new TicketScanner(h.store, intake, h.clock)
        .scan(h.tickets, Watermark.at(Instant.EPOCH), 50);
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void answer(String content) {
    String body;
    try {
      String quoted = JSON.writeValueAsString(content);
      body =
          resource("openai-completion.json")
              .replace("{{content}}", quoted.substring(1, quoted.length() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    llm.stubFor(
        post(urlPathEqualTo(COMPLETIONS))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private static String resource(String name) {
    try (InputStream in = LlmQuestionsTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
