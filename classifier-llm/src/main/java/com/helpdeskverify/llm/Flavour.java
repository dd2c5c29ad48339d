package com.helpdeskverify.llm;

/** Which form of the chat completions call the endpoint takes (README.md, "Wire facts"). */
public enum Flavour {
  /**
   * {@code POST {base-url}/chat/completions} with {@code Authorization: Bearer}: OpenAI, and the
   * OpenAI-compatible endpoints of Ollama and vLLM.
   */
  OPENAI,
  /**
   * {@code POST {base-url}/openai/deployments/{deployment}/chat/completions?api-version=...} with
   * an {@code api-key} header: Azure OpenAI.
   */
  AZURE
}
