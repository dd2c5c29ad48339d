package com.helpdeskverify.providers.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountMappingTest {
  private static final Requester ALICE = Requester.of("a-1", "Alice@Corp.Example", "Alice");

  @Test
  void emailFormUsesTheWholeAddressInItsNormalisedForm() {
    assertThat(new AccountMapping(AccountMapping.Form.EMAIL, List.of()).username(ALICE))
        .contains("alice@corp.example");
  }

  @Test
  void attributeFormUsesTheAttributeAndIgnoresTheAddress() {
    AccountMapping mapping =
        new AccountMapping(
            AccountMapping.Form.ATTRIBUTE, Optional.of("employee_number"), List.of());
    Requester withNumber = ALICE.withAttributes(Map.of("employee_number", "E-1001"));

    assertThat(mapping.username(withNumber)).contains("E-1001");
    assertThat(mapping.username(ALICE)).isEmpty();
    assertThat(mapping.refusal(ALICE).reason()).isEqualTo(ReasonCode.UNKNOWN_USER);
    assertThat(mapping.refusal(ALICE).detail()).contains("no employee_number");
  }

  @Test
  void attributeFormWithoutTheAttributesNameIsAConfigurationError() {
    var def = AccountMapping.declare(new ConfigDef());
    var values = def.parse("providers.duo", Map.of("username-from", "attribute"));

    assertThatThrownBy(() -> AccountMapping.from(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "providers.duo.username-attribute: required when username-from is attribute");
  }

  @Test
  void attributeFormIsConfiguredByName() {
    var def = AccountMapping.declare(new ConfigDef());
    var values =
        def.parse(
            "providers.duo",
            Map.of("username-from", "attribute", "username-attribute", "user_name"));

    assertThat(AccountMapping.from(values))
        .isEqualTo(
            new AccountMapping(AccountMapping.Form.ATTRIBUTE, Optional.of("user_name"), List.of()));
  }

  @Test
  void localPartFormUsesThePartBeforeTheAtInAnOrganisationDomain() {
    assertThat(
            new AccountMapping(AccountMapping.Form.EMAIL_LOCAL_PART, List.of("corp.example"))
                .username(ALICE))
        .contains("alice");
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
