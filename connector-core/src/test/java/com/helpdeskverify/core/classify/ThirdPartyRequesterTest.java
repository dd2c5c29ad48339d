package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThirdPartyRequesterTest {
  private final ThirdPartyRequester john =
      new ThirdPartyRequester(Optional.of("John.Doe@acme.com"), "");

  @Test
  void userNamesDerivedFromANamedAddressAreTheRequesters() {
    assertThat(john.ownsUserName("jdoe")).isTrue();
    assertThat(john.ownsUserName("J.Doe")).isTrue();
    assertThat(john.ownsUserName("john_doe01")).isTrue();
    assertThat(john.ownsUserName("ACME\\jdoe")).isTrue();
    assertThat(john.ownsUserName("jsmith")).isFalse();
    assertThat(john.ownsUserName("doe.jane")).isFalse();
  }

  @Test
  void theAddressMatchesInAnyCaseOnly() {
    assertThat(john.ownsAddress("JOHN.DOE@ACME.COM")).isTrue();
    assertThat(john.ownsAddress("john.doe@other.example")).isFalse();
  }

  @Test
  void namesMustAllBeTheRequesters() {
    assertThat(john.ownsName(List.of("John", "Doe"))).isTrue();
    assertThat(john.ownsName(List.of("Doe"))).isTrue();
    assertThat(john.ownsName(List.of("John", "Smith"))).isFalse();
  }

  @Test
  void theDisplayNameAddsNamesToAnAddressThatHasNone() {
    ThirdPartyRequester r =
        new ThirdPartyRequester(Optional.of("attacker@acme.com"), "Jürgen Maier");

    assertThat(r.ownsName(List.of("Maier"))).isTrue();
    assertThat(r.ownsUserName("jmaier")).isTrue();
    assertThat(r.ownsUserName("attacker")).isTrue();
    assertThat(r.ownsName(List.of("Schulz"))).isFalse();
  }

  @Test
  void anUnknownRequesterOwnsNothing() {
    assertThat(ThirdPartyRequester.UNKNOWN.ownsUserName("jsmith")).isFalse();
    assertThat(ThirdPartyRequester.UNKNOWN.ownsName(List.of("John"))).isFalse();
    assertThat(ThirdPartyRequester.UNKNOWN.addressKnown()).isFalse();
  }
}
