package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.testkit.MutableClock;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repeated 429s of one system are one warning per minute, however many calls meet them. */
class RateLimitWatchTest {
  private final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  private final RateLimitWatch watch = new RateLimitWatch("servicenow-prod", clock);

  /** Without a logging bridge on this class path, System.Logger is java.util.logging. */
  private final Logger jul = Logger.getLogger(RateLimitWatch.class.getName());

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(MessageFormat.format(r.getMessage(), r.getParameters()));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    jul.addHandler(handler);
  }

  @AfterEach
  void release() {
    jul.removeHandler(handler);
  }

  /** {@code n} 429s, {@code apart} from each other. */
  private void rateLimited(int n, Duration apart) {
    for (int i = 0; i < n; i++) {
      watch.rateLimited();
      clock.advance(apart);
    }
  }

  @Test
  void moreThanTheThresholdWithinAMinuteIsOneWarningNamingSystemAndCount() {
    rateLimited(RateLimitWatch.THRESHOLD + 1, Duration.ofSeconds(2));

    assertThat(warnings)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith(
                        "servicenow-prod answered 429 (rate limited) 6 times in the last 60s")
                    .contains("system's API quota"));
  }

  @Test
  void upToTheThresholdWithinAMinuteIsNoWarning() {
    rateLimited(RateLimitWatch.THRESHOLD, Duration.ofSeconds(2));

    assertThat(warnings).isEmpty();
  }

  @Test
  void a429nowAndThenIsNoWarningHoweverLongItGoesOn() {
    // Five a minute at most: never more than the threshold within the window.
    rateLimited(60, Duration.ofSeconds(13));

    assertThat(warnings).isEmpty();
  }

  @Test
  void furtherRateLimitsWithinTheWindowAreNotWarnedAgain() {
    rateLimited(40, Duration.ofSeconds(1)); // 40 s of 429s: one window

    assertThat(warnings).hasSize(1);
  }

  @Test
  void rateLimitsThatGoOnAreWarnedOnceEachWindow() {
    rateLimited(150, Duration.ofSeconds(1)); // two and a half minutes of 429s

    assertThat(warnings).hasSize(3);
  }
}
