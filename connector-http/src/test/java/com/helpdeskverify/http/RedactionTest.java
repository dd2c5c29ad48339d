package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void credentialsInHeadersJsonAndQueriesAreMasked() {
    String text =
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig "
            + "{\"client_secret\":\"hunter2hunter2\",\"password\": \"p@ss\"} "
            + "https://x/y?token=abcdef&user=ana&signature=zzzz";

    String masked = Redaction.redact(text);

    assertThat(masked)
        .doesNotContain("eyJhbGciOiJIUzI1NiJ9", "hunter2hunter2", "p@ss", "abcdef", "zzzz")
        .startsWith("Authorization: ****")
        .contains("user=ana");
  }

  @Test
  void basicAuthIsMasked() {
    assertThat(Redaction.redact("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).isEqualTo("Basic ****");
  }

  @Test
  void constantTimeComparisonComparesContent() {
    assertThat(ConstantTime.equals("abc", "abc")).isTrue();
    assertThat(ConstantTime.equals("abc", "abd")).isFalse();
    assertThat(ConstantTime.equals("abc", null)).isFalse();
  }
}
