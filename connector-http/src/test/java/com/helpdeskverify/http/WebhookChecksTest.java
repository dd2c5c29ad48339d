package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.config.Secret;
import com.helpdeskverify.core.spi.ReplayGuard;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookHead;
import com.helpdeskverify.core.spi.WebhookOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookChecksTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final System.Logger LOG = System.getLogger(WebhookChecksTest.class.getName());

  @Test
  void hmacIsTheRfc4231Value() {
    byte[] mac =
        WebhookChecks.hmacSha256(
            new Secret("Jefe"),
            "what do ya want ".getBytes(StandardCharsets.UTF_8),
            "for nothing?".getBytes(StandardCharsets.UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void sha256IsLowerCaseHex() {
    assertThat(WebhookChecks.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aSecretHeaderMatchesOnlyTheSecretItself() {
    Secret secret = new Secret("s3cret");

    assertThat(WebhookChecks.secretHeaderMatches(head(Map.of("x-key", "s3cret")), "X-Key", secret))
        .isTrue();
    assertThat(WebhookChecks.secretHeaderMatches(head(Map.of("x-key", "s3cre")), "x-key", secret))
        .isFalse();
    assertThat(WebhookChecks.secretHeaderMatches(head(Map.of()), "x-key", secret)).isFalse();
  }

  @Test
  void freshnessIncludesBothEdgesOfTheWindowAndNothingBeyond() {
    Duration age = Duration.ofMinutes(5);
    Duration ahead = Duration.ofMinutes(1);

    assertThat(WebhookChecks.fresh(NOW.minus(age), NOW, age, ahead)).isTrue();
    assertThat(WebhookChecks.fresh(NOW.plus(ahead), NOW, age, ahead)).isTrue();
    assertThat(WebhookChecks.fresh(NOW.minus(age).minusMillis(1), NOW, age, ahead)).isFalse();
    assertThat(WebhookChecks.fresh(NOW.plus(ahead).plusMillis(1), NOW, age, ahead)).isFalse();
  }

  @Test
  void aSecondDeliveryWithTheSameKeyIsRefusedAsAReplay() {
    Map<String, Instant> seen = new HashMap<>();
    ReplayGuard guard = (key, until) -> seen.putIfAbsent(key, until) == null;
    Instant until = NOW.plus(Duration.ofMinutes(10));

    assertThat(WebhookChecks.replayed(guard, "k", until)).isEmpty();
    assertThat(WebhookChecks.replayed(guard, "k", until))
        .contains(new WebhookOutcome.Rejected(401, "replayed delivery"));
    assertThat(seen).containsEntry("k", until);
  }

  @Test
  void onlyATicketInScopeIsNudged() {
    TicketRef ref = new TicketRef("jira-main", "HD-1");

    assertThat(WebhookChecks.nudgeIfInScope(ref, r -> true, LOG).tickets()).containsExactly(ref);
    assertThat(WebhookChecks.nudgeIfInScope(ref, r -> false, LOG).tickets()).isEmpty();
  }

  @Test
  void aTicketThatCannotBeCheckedIsAcceptedButNotNudged() {
    TicketRef ref = new TicketRef("jira-main", "HD-1");

    WebhookOutcome.Accepted outcome =
        WebhookChecks.nudgeIfInScope(
            ref,
            r -> {
              throw new TransientFailure(
                  "jira-main", "GET /issue", "HTTP 503", Optional.empty(), false, null);
            },
            LOG);

    assertThat(outcome.tickets()).isEmpty();
    assertThat(outcome.pushes()).isEmpty();
  }

  private static WebhookHead head(Map<String, String> headers) {
    Map<String, List<String>> lists = new HashMap<>();
    headers.forEach((k, v) -> lists.put(k, List.of(v)));
    return new WebhookHead("POST", "/webhooks/x", lists, NOW);
  }
}
