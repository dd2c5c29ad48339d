package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.RequestDetails;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.TicketRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestReferencesTest {
  private static final Requester ALICE = Requester.of("acc-alice", "alice@example.com", "Alice");

  private static Ticket ticket(String description, Map<String, String> fields) {
    return new Ticket(
            new TicketRef("jira", "HD-1"),
            ALICE,
            Optional.empty(),
            "Reset MFA",
            description,
            Instant.EPOCH,
            Instant.EPOCH,
            "Open",
            true)
        .withDetails(RequestDetails.of(List.of(), fields));
  }

  @Test
  void mentionOfAnotherAccountIsFound() {
    assertThat(
            RequestReferences.find(
                ticket("", Map.of(RequestReferences.MENTION, "acc-alice acc-jsmith"))))
        .containsExactly("mention of account acc-jsmith");
  }

  @Test
  void mentionOfTheRequestersOwnAccountIsNotFound() {
    assertThat(RequestReferences.find(ticket("", Map.of(RequestReferences.MENTION, "acc-alice"))))
        .isEmpty();
  }

  @Test
  void wikiMentionInTheDescriptionIsFoundUnlessItIsTheRequester() {
    assertThat(
            RequestReferences.find(
                ticket("Reset it for [~accountid:acc-bob], cc [~accountid:acc-alice]", Map.of())))
        .containsExactly("mention of account acc-bob in description");
  }

  @Test
  void userReferenceInAFieldIsFoundWithItsNameAndField() {
    Ticket t =
        ticket(
            "",
            Map.of(
                "variable:user_to_reset",
                RequestReferences.userReference("John Smith", "0123456789abcdef0123456789abcdef")));

    assertThat(RequestReferences.find(t))
        .containsExactly(
            "variable:user_to_reset names user John Smith (0123456789abcdef0123456789abcdef)");
  }

  @Test
  void userReferenceToTheRequesterIsTheirOwn() {
    Ticket t =
        ticket(
            "",
            Map.of(
                "variable:requested_for", RequestReferences.userReference("Alice", "acc-alice")));

    assertThat(RequestReferences.find(t)).isEmpty();
  }

  @Test
  void fieldTextLeavesIdsOutAndKeepsTheWords() {
    Ticket t =
        ticket(
            "",
            Map.of(
                RequestReferences.MENTION,
                "acc-bob",
                "variable:user_to_reset",
                RequestReferences.userReference("John Smith", "0123"),
                "variable:reason",
                "lost phone"));

    assertThat(RequestReferences.fieldText(t)).isEqualTo("lost phone\nJohn Smith");
  }
}
