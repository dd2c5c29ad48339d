package com.helpdeskverify.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.http.CircuitBreaker;
import com.helpdeskverify.http.RetryAfterGate;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Asks the endpoint once, within the timeout and the circuit breaker, and says what came of it.
 * Every failure message is written here, from the status, the kind of failure and the endpoint's
 * address without its query: never from the request or answer bodies, which carry the ticket's
 * text, nor from headers, which carry the key.
 */
final class ChatClient {
  static final String SYSTEM = "classifier-llm";
  static final String CALL = "chat completion";

  /** What came of asking. */
  sealed interface Outcome {}

  record Answered(LlmVerdict verdict) implements Outcome {}

  /**
   * @param detail what went wrong, with no ticket text and no secret
   */
  record Failed(FailureKind kind, String detail) implements Outcome {}

  /** An error code of the OpenAI error shape; anything else is not repeated. */
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatCompletionsApi api;
  private final Flavour flavour;
  private final Optional<String> model;
  private final Optional<String> deployment;
  private final Optional<String> apiVersion;
  private final boolean deterministic;
  private final Duration timeout;
  private final CircuitBreaker circuit;

  ChatClient(
      ChatCompletionsApi api,
      Flavour flavour,
      Optional<String> model,
      Optional<String> deployment,
      Optional<String> apiVersion,
      boolean deterministic,
      Duration timeout,
      CircuitBreaker circuit) {
    this.api = Objects.requireNonNull(api, "api");
    this.flavour = Objects.requireNonNull(flavour, "flavour");
    this.model = model;
    this.deployment = deployment;
    this.apiVersion = apiVersion;
    this.deterministic = deterministic;
    this.timeout = timeout;
    this.circuit = circuit;
  }

  Outcome ask(String summary, String description, boolean writtenForRequester) {
    ChatDtos.Request request =
        new ChatDtos.Request(
            flavour == Flavour.AZURE ? null : model.orElseThrow(),
            Prompt.messages(summary, description, writtenForRequester),
            ChatDtos.ResponseFormat.JSON_OBJECT,
            deterministic ? 0.0 : null);
    FailureKind[] kind = new FailureKind[1];
    try {
      return new Answered(circuit.call(CALL, () -> exchange(request, kind)));
    } catch (TransientFailure | PermanentFailure f) {
      // No kind set: the circuit refused before anything was sent.
      return new Failed(kind[0] == null ? FailureKind.CIRCUIT_OPEN : kind[0], f.getMessage());
    }
  }

  private LlmVerdict exchange(ChatDtos.Request request, FailureKind[] kind) {
    Call<ChatDtos.Completion> call =
        switch (flavour) {
          case OPENAI -> api.openAi(request);
          case AZURE -> api.azure(deployment.orElseThrow(), apiVersion.orElseThrow(), request);
        };
    String where = call.request().url().newBuilder().query(null).build().toString();
    Response<ChatDtos.Completion> response;
    try {
      response = call.execute();
    } catch (InterruptedIOException e) {
      kind[0] = FailureKind.TIMEOUT;
      throw transientFailure("no answer from " + where + " within " + timeout.toMillis() + " ms");
    } catch (RetryAfterGate.Closed e) {
      kind[0] = FailureKind.HTTP_ERROR;
      throw transientFailure(e.getMessage());
    } catch (JacksonException e) {
      kind[0] = FailureKind.MALFORMED;
      throw transientFailure("the answer from " + where + " is not a chat completion");
    } catch (IOException e) {
      kind[0] = FailureKind.UNREACHABLE;
      throw transientFailure(e.getClass().getSimpleName() + " talking to " + where);
    } catch (RuntimeException e) {
      kind[0] = FailureKind.MALFORMED;
      throw transientFailure("the answer from " + where + " is not a chat completion");
    }
    if (!response.isSuccessful()) {
      int code = response.code();
      Optional<String> errorCode = errorCode(response);
      if (code == 400 && errorCode.equals(Optional.of("content_filter"))) {
        // Azure's content filter refused the prompt: about this ticket, not the endpoint.
        kind[0] = FailureKind.REFUSAL;
        throw new PermanentFailure(
            SYSTEM,
            CALL,
            "HTTP 400 from " + where + ": the content filter refused the prompt",
            null);
      }
      kind[0] = FailureKind.HTTP_ERROR;
      String message =
          "HTTP " + code + " from " + where + errorCode.map(c -> " (" + c + ")").orElse("");
      // Counted by the circuit whatever the status: a rejected key or a wrong deployment would
      // otherwise have every ticket's text sent to an endpoint that cannot answer.
      throw transientFailure(message + hint(code));
    }
    ChatDtos.Completion completion = response.body();
    List<ChatDtos.Choice> choices = completion == null ? null : completion.choices();
    if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
      kind[0] = FailureKind.MALFORMED;
      throw transientFailure("the answer from " + where + " has no choices[0].message");
    }
    ChatDtos.Choice choice = choices.get(0);
    String refusal = choice.message().refusal();
    if ((refusal != null && !refusal.isBlank()) || "content_filter".equals(choice.finishReason())) {
      // A refusal is about this ticket, not the endpoint being down: not counted by the circuit.
      kind[0] = FailureKind.REFUSAL;
      throw new PermanentFailure(
          SYSTEM,
          CALL,
          refusal != null && !refusal.isBlank()
              ? "the model refused to answer"
              : "the endpoint's content filter withheld the answer",
          null);
    }
    String content = choice.message().content();
    if (content == null || content.isBlank()) {
      kind[0] = FailureKind.MALFORMED;
      throw transientFailure("the answer from " + where + " has no content");
    }
    try {
      return LlmVerdict.parse(content);
    } catch (LlmVerdict.Unusable e) {
      kind[0] = FailureKind.MALFORMED;
      throw transientFailure(
          "the model's answer is not the JSON asked for: "
              + e.getMessage()
              + ("length".equals(choice.finishReason()) ? " (cut off at the token limit)" : ""));
    }
  }

  private static TransientFailure transientFailure(String message) {
    return new TransientFailure(SYSTEM, CALL, message, Optional.empty(), false, null);
  }

  /** The {@code error.code} of an OpenAI-shaped error body, when it is a plain identifier. */
  private static Optional<String> errorCode(Response<?> response) {
    try (ResponseBody body = response.errorBody()) {
      if (body == null) {
        return Optional.empty();
      }
      JsonNode code = JSON.readTree(body.string()).path("error").path("code");
      return code.isTextual() && ERROR_CODE.matcher(code.asText()).matches()
          ? Optional.of(code.asText())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String hint(int code) {
    return switch (code) {
      case 401 -> ": check classifier.llm.api-key";
      case 403 -> ": check the permissions of classifier.llm.api-key";
      case 404 ->
          ": check classifier.llm.base-url, and the model, deployment or api-version configured";
      default -> "";
    };
  }
}
