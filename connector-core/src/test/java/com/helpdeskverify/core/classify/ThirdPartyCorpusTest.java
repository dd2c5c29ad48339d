package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Classification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Measures the third-party flag on its labelled set ({@code classifier/third-party/}: sensitive
 * requests in six languages, for the requester's own account or for someone else's, with the
 * requester's e-mail address) and prints what BENCHMARKS.md reports. On the main and held-out
 * corpora, whose tickets were written as the requester's own requests, it reports how many the flag
 * would escalate.
 */
class ThirdPartyCorpusTest {
  record Labelled(
      String id,
      String summary,
      String description,
      Optional<String> requesterEmail,
      boolean thirdParty) {}

  static List<Labelled> load() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Labelled> all = new ArrayList<>();
    try (InputStream in =
            ThirdPartyCorpusTest.class.getResourceAsStream(
                "/classifier/third-party/third-party.jsonl");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = json.readTree(line);
        JsonNode email = n.get("requester");
        all.add(
            new Labelled(
                n.get("id").asText(),
                n.get("summary").asText(),
                n.get("description").asText(),
                email == null || email.isNull() ? Optional.empty() : Optional.of(email.asText()),
                n.get("third_party").asBoolean()));
      }
    }
    return all;
  }

  @Test
  void thirdPartyFlagFindsOtherPeoplesAccountsAndSparesOwnRequests() throws IOException {
    PhraseClassifier classifier = new PhraseClassifier();
    List<Labelled> set = load();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    List<String> wrong = new ArrayList<>();
    for (Labelled t : set) {
      Classification c = classifier.classify(t.summary(), t.description(), t.requesterEmail());
      boolean flagged = c.targetsThirdParty();
      if (flagged && t.thirdParty()) {
        tp++;
      } else if (flagged) {
        fp++;
      } else if (t.thirdParty()) {
        fn++;
      }
      if (flagged != t.thirdParty() || !c.sensitive()) {
        wrong.add(
            t.id()
                + " expected "
                + t.thirdParty()
                + " got "
                + c.operation()
                + " "
                + c.thirdParty());
      }
    }
    double recall = tp / (double) (tp + fn);
    double precision = tp / (double) (tp + fp);
    String report =
        String.format(
                Locale.ROOT,
                "third-party set %d tickets: recall %.3f (%d/%d), precision %.3f (%d/%d)%n",
                set.size(),
                recall,
                tp,
                tp + fn,
                precision,
                tp,
                tp + fp)
            + String.join("\n", wrong);
    System.out.println(report);

    assertThat(recall).as(report).isGreaterThanOrEqualTo(0.95);
    assertThat(precision).as(report).isGreaterThanOrEqualTo(0.90);
  }

  /**
   * The corpora were written for the sensitivity classifier, mostly as the requester's own
   * requests; the few for someone else (new hires, contractors, "user jsmith needs his pwd reset")
   * are what the flag should find there, and the printed list is read by hand for the rest. Without
   * the requester's e-mail address, every address near a sensitive request counts.
   */
  @Test
  void thirdPartyFlagStaysRareOnTheSensitivityCorpora() throws IOException {
    PhraseClassifier classifier = new PhraseClassifier();
    List<CorpusTest.Labelled> corpora = new ArrayList<>(CorpusTest.corpus());
    corpora.addAll(CorpusTest.holdout());
    int sensitive = 0;
    List<String> flagged = new ArrayList<>();
    for (CorpusTest.Labelled t : corpora) {
      Classification c = classifier.classify(t.summary(), t.description());
      if (c.sensitive()) {
        sensitive++;
      }
      if (c.targetsThirdParty()) {
        flagged.add(t.id() + " " + c.thirdParty() + " :: " + t.summary());
      }
    }
    String report =
        String.format(
                Locale.ROOT,
                "main and held-out corpora: %d of %d sensitive tickets flagged as third party (%.3f)%n",
                flagged.size(),
                sensitive,
                flagged.size() / (double) sensitive)
            + String.join("\n", flagged);
    System.out.println(report);

    assertThat(flagged.size() / (double) sensitive).as(report).isLessThanOrEqualTo(0.05);
  }
}
