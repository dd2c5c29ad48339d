package com.helpdeskverify.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The chat completions request and answer, as far as this stage uses them (README.md). */
final class ChatDtos {
  private ChatDtos() {}

  /**
   * @param model left out for Azure, where the deployment in the path names the model
   * @param temperature left out when the model accepts only its default (reasoning models)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Request(
      String model,
      List<Message> messages,
      @JsonProperty("response_format") ResponseFormat responseFormat,
      Double temperature) {}

  record Message(String role, String content) {}

  record ResponseFormat(String type) {
    static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object");
  }

  record Completion(List<Choice> choices) {}

  record Choice(Answer message, @JsonProperty("finish_reason") String finishReason) {}

  /** The assistant's message: its text, or a refusal instead. */
  record Answer(String content, String refusal) {}
}
