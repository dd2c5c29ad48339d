package com.helpdeskverify.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.classify.PhraseClassifier;
import com.helpdeskverify.core.config.ConfigException;
import com.helpdeskverify.scheduler.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Classifies tickets from JSON Lines on standard input: {@code {"id", "summary", "description"}}
 * (and optionally {@code "requester_email"}, the requester's own address) in, {@code {"id",
 * "sensitive", "category", "confidence", "evidence", "third_party"}} out, one line per line, in
 * order. {@code third_party} lists what says the request is for someone else's account, empty when
 * nothing does. A malformed line gets {@code {"id", "error"}} and the run goes on.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Reads tickets as JSON Lines on stdin ({\"id\":..,\"summary\":..,\"description\":..}) and writes"
          + " one JSON line per ticket: id, sensitive, category, confidence, evidence, third_party."
          + " An optional \"requester_email\" is the requester's own address."
    })
public final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--config",
      description = "A service configuration whose classifier.extra-phrases to apply.")
  Path config;

  @Spec CommandSpec spec;

  InputStream in = System.in;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PhraseClassifier classifier;
    try {
      classifier =
          config == null
              ? new PhraseClassifier()
              : new PhraseClassifier(ConfigLoader.standard().load(config).classifierPhrases());
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      e.problems().forEach(err::println);
      err.flush();
      return 2;
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    long number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      out.println(JSON.writeValueAsString(answer(classifier, line, number)));
      out.flush();
    }
    return 0;
  }

  private static ObjectNode answer(PhraseClassifier classifier, String line, long number) {
    JsonNode ticket;
    try {
      ticket = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return error(
          JSON.getNodeFactory().numberNode(number),
          "line " + number + " is not JSON: " + e.getOriginalMessage());
    }
    JsonNode id =
        ticket != null && ticket.isObject() && ticket.has("id")
            ? ticket.get("id")
            : JSON.getNodeFactory().numberNode(number);
    if (ticket == null || !ticket.isObject()) {
      return error(id, "line " + number + " is not a JSON object");
    }
    JsonNode summary = ticket.get("summary");
    JsonNode description = ticket.get("description");
    if ((summary != null && !summary.isTextual() && !summary.isNull())
        || (description != null && !description.isTextual() && !description.isNull())) {
      return error(id, "summary and description must be strings");
    }
    if ((summary == null || summary.isNull()) && (description == null || description.isNull())) {
      return error(id, "neither summary nor description given");
    }
    JsonNode requesterEmail = ticket.get("requester_email");
    if (requesterEmail != null && !requesterEmail.isTextual() && !requesterEmail.isNull()) {
      return error(id, "requester_email must be a string");
    }
    Classification c =
        classifier.classify(
            summary == null || summary.isNull() ? "" : summary.asText(),
            description == null || description.isNull() ? "" : description.asText(),
            Optional.ofNullable(requesterEmail).filter(JsonNode::isTextual).map(JsonNode::asText));
    ObjectNode out = JSON.createObjectNode();
    out.set("id", id);
    out.put("sensitive", c.sensitive());
    out.put("category", c.operation().name());
    out.put("confidence", Math.round(c.confidence() * 1000) / 1000.0);
    ArrayNode evidence = out.putArray("evidence");
    c.evidence().forEach(evidence::add);
    ArrayNode thirdParty = out.putArray("third_party");
    if (c.targetsThirdParty()) {
      c.thirdParty().forEach(thirdParty::add);
    }
    return out;
  }

  private static ObjectNode error(JsonNode id, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.set("id", id);
    out.put("error", message);
    return out;
  }
}
