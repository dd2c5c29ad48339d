package com.helpdeskverify.bench;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.classify.PhraseClassifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tickets classified per second on one thread, with 2 KB bodies: a sensitive request in the middle
 * of ordinary prose, one in words the rules do not know (the learned model decides), and a harmless
 * ticket of the same length (the classifier reads all of it, and asks the model too).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBenchmark {
  private static final String PROSE =
      "Hello team, the quarterly numbers look fine and the meeting with the vendor went well. "
          + "We still need to plan the offsite and order new chairs for the second floor. ";

  @Param({"sensitive-en", "sensitive-de", "indirect-en", "harmless"})
  public String ticket;

  private PhraseClassifier classifier;
  private String summary;
  private String description;

  @Setup
  public void setUp() {
    classifier = new PhraseClassifier();
    String request =
        switch (ticket) {
          case "sensitive-en" -> "Anyway, I forgot my password, please reset it. ";
          case "sensitive-de" -> "Übrigens: ich habe mein Passwort vergessen, bitte zurücksetzen. ";
          case "indirect-en" ->
              "Anyway, the app with the six numbers vanished with my new phone, I can't sign in. ";
          default -> "Also the printer on floor 3 jams on every second page. ";
        };
    StringBuilder body = new StringBuilder();
    while (body.length() < 1000) {
      body.append(PROSE);
    }
    body.append(request);
    while (body.length() < 2048) {
      body.append(PROSE);
    }
    description = body.substring(0, 2048);
    summary = ticket.equals("harmless") ? "Printer" : "Help needed";
  }

  @Benchmark
  public Classification classify() {
    return classifier.classify(summary, description);
  }
}
