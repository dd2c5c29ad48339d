/**
 * The optional LLM stage of the sensitivity classifier: asks an OpenAI-compatible chat completions
 * endpoint (OpenAI, Azure OpenAI, Ollama, vLLM) about tickets the offline classifier found not
 * sensitive or was unsure of, and may only add sensitivity or name the category (README.md).
 */
package com.helpdeskverify.llm;
