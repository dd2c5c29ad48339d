package com.helpdeskverify.providers.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountMappingTest {
  private static final Requester ALICE = Requester.of("a-1", "Alice@Corp.Example", "Alice");

  @Test
  void emailFormUsesTheWholeAddress() {
    assertThat(new AccountMapping(AccountMapping.Form.EMAIL, List.of()).username(ALICE))
        .contains("Alice@Corp.Example");
  }

  @Test
  void localPartFormUsesThePartBeforeTheAtInAnOrganisationDomain() {
    assertThat(
            new AccountMapping(AccountMapping.Form.EMAIL_LOCAL_PART, List.of("corp.example"))
                .username(ALICE))
        .contains("Alice");
  }

  @Test
  void addressInAnotherDomainIsRefusedAsNotTheAccountOwner() {
    AccountMapping mapping =
        new AccountMapping(AccountMapping.Form.EMAIL_LOCAL_PART, List.of("corp.example"));
    Requester outsider = Requester.of("x-1", "alice@example.net", "Alice");

    assertThat(mapping.username(outsider)).isEmpty();
    assertThat(mapping.refusal(outsider).reason()).isEqualTo(ReasonCode.NOT_ACCOUNT_OWNER);
  }

  @Test
  void lookalikeSubdomainIsNotTheOrganisationsDomain() {
    AccountMapping mapping = new AccountMapping(AccountMapping.Form.EMAIL, List.of("corp.example"));

    assertThat(mapping.username(Requester.of("x-2", "alice@corp.example.evil.net", "A"))).isEmpty();
  }

  @Test
  void localPartFormWithoutDomainsIsRejected() {
    assertThatThrownBy(() -> new AccountMapping(AccountMapping.Form.EMAIL_LOCAL_PART, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requesterWithoutAddressHasNoUserName() {
    AccountMapping mapping = new AccountMapping(AccountMapping.Form.EMAIL, List.of());
    Requester noMail = Requester.of("b-1", null, "Bob");

    assertThat(mapping.username(noMail)).isEmpty();
    assertThat(mapping.refusal(noMail).reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
  }
}
