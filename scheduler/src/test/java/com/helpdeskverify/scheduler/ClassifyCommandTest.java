package com.helpdeskverify.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClassifyCommandTest {
  private final ObjectMapper json = new ObjectMapper();

  private List<JsonNode> classify(String input) throws Exception {
    ClassifyCommand command = new ClassifyCommand();
    command.in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      lines.add(json.readTree(line));
    }
    return lines;
  }

  @Test
  void everyTicketGetsOneLineInOrderWithTheContractFields() throws Exception {
    List<JsonNode> lines =
        classify(
            """
            {"id": "a1", "summary": "Password reset", "description": "I forgot my password, please reset it."}
            {"id": 2, "summary": "Printer", "description": "The printer jams"}
            {"id": "a3", "summary": "Konto gesperrt", "description": "Bitte entsperren"}
            """);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).get("id").asText()).isEqualTo("a1");
    assertThat(lines.get(0).get("sensitive").asBoolean()).isTrue();
    assertThat(lines.get(0).get("category").asText()).isEqualTo("CREDENTIAL_RESET");
    assertThat(lines.get(0).get("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(lines.get(0).get("evidence").isArray()).isTrue();
    assertThat(lines.get(0).get("evidence").get(0).asText()).containsIgnoringCase("password");
    assertThat(lines.get(1).get("id").asInt()).isEqualTo(2);
    assertThat(lines.get(1).get("sensitive").asBoolean()).isFalse();
    assertThat(lines.get(1).get("category").asText()).isEqualTo("NONE");
    assertThat(lines.get(2).get("category").asText()).isEqualTo("ACCOUNT_UNLOCK");
  }

  @Test
  void requestForSomeoneElsesAccountListsWhatSaysSo() throws Exception {
    List<JsonNode> lines =
        classify(
            """
            {"id": 1, "summary": "Reset", "description": "Please reset the password of bob@example.com", "requester_email": "alice@example.com"}
            {"id": 2, "summary": "Reset", "description": "Please reset my password, I am Alice@example.com", "requester_email": "alice@example.com"}
            """);

    assertThat(lines.get(0).get("third_party").get(0).asText()).contains("bob@example.com");
    assertThat(lines.get(1).get("third_party").isEmpty()).isTrue();
  }

  @Test
  void malformedLinesGetAnErrorLineAndTheRunGoesOn() throws Exception {
    List<JsonNode> lines =
        classify(
            """
            {"id": "ok1", "summary": "unlock my account", "description": ""}
            {not json
            ["an", "array"]
            {"id": "x9", "summary": 42}
            {"id": "x10"}
            {"id": "ok2", "summary": "need admin rights", "description": null}
            """);

    assertThat(lines).hasSize(6);
    assertThat(lines.get(0).get("category").asText()).isEqualTo("ACCOUNT_UNLOCK");
    assertThat(lines.get(1).get("id").asInt()).isEqualTo(2);
    assertThat(lines.get(1).get("error").asText()).startsWith("line 2 is not JSON");
    assertThat(lines.get(2).get("error").asText()).isEqualTo("line 3 is not a JSON object");
    assertThat(lines.get(3).get("id").asText()).isEqualTo("x9");
    assertThat(lines.get(3).get("error").asText()).contains("must be strings");
    assertThat(lines.get(4).get("error").asText())
        .isEqualTo("neither summary nor description given");
    assertThat(lines.get(5).get("category").asText()).isEqualTo("PRIVILEGE_CHANGE");
  }
}
