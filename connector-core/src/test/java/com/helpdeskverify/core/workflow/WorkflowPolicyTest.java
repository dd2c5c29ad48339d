package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkflowPolicyTest {
  private final WorkflowPolicy defaults = WorkflowPolicy.defaults();

  @Test
  void aWatchedPushsTicketIsReReadEveryTicketRecheckWhileTheRateServesThatPace() {
    assertThat(defaults.ticketRereadsPerSecond()).isEqualTo(10);
    assertThat(defaults.rereadInterval(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.rereadInterval(300)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void beyondWhatTheRateServesEveryTicketRecheckTheReReadsSpreadOverLonger() {
    assertThat(defaults.rereadInterval(301)).isEqualTo(Duration.ofMillis(30_100));
    assertThat(defaults.rereadInterval(10_000)).isEqualTo(Duration.ofSeconds(1_000));
    assertThat(defaults.withTicketRereadsPerSecond(3).rereadInterval(100))
        .isEqualTo(Duration.ofMillis(33_334));
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThatThrownBy(() -> defaults.withTicketRereadsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ticketRereadsPerSecond");
  }
}
