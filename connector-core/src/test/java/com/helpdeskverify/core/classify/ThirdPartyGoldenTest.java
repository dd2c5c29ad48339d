package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.Requester;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The third-party search was made faster (issue 15's throughput) without changing what it finds:
 * over every ticket of {@code src/test/resources/classifier/} (all {@code *.jsonl}), this compares
 * the third-party findings over the whole text (every sign counts as near, so the search runs on
 * every ticket, sensitive or not) and the full classification with the ones main's regular
 * expressions gave before the change ({@code classifier-golden/third-party-golden.tsv}).
 *
 * <p>The file was written from main at {@code eb866b3} with the regex-only search. It also depends
 * on the lexicon, the rules and the model: after an intended change there, regenerate it with
 * {@code -Dclassifier.golden.write=true} (from {@code connector-core}, the file is written under
 * {@code src/test/resources}) and review the diff; {@code ThirdPartyFastPathTest} keeps checking
 * the fast paths against the regular expressions whatever the corpora.
 */
class ThirdPartyGoldenTest {
  static final String GOLDEN = "src/test/resources/classifier-golden/third-party-golden.tsv";

  private static final Pattern NAMED = Pattern.compile("^(.*?)\\s*<([^>]+)>\\s*$");

  @Test
  void thirdPartyFindingsAndClassificationsAreThoseOfTheRegexSearch() throws Exception {
    List<String> now = lines();
    Path golden = Path.of(GOLDEN);
    if (Boolean.getBoolean("classifier.golden.write")) {
      Files.createDirectories(golden.getParent());
      Files.write(golden, now, StandardCharsets.UTF_8);
    }
    List<String> before = Files.readAllLines(golden, StandardCharsets.UTF_8);
    assertThat(now).hasSize(before.size());
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      if (!now.get(i).equals(before.get(i))) {
        changed.add("was " + before.get(i) + "\nnow " + now.get(i));
      }
    }
    assertThat(changed).as("tickets whose findings or classification changed").isEmpty();
  }

  /**
   * One line a ticket: file, line, id, findings over the whole text, hash of the classification.
   */
  static List<String> lines() throws IOException, URISyntaxException {
    Path root = Path.of(ThirdPartyGoldenTest.class.getResource("/classifier").toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    ObjectMapper json = new ObjectMapper();
    PhraseClassifier classifier = new PhraseClassifier();
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      List<String> raw = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < raw.size(); i++) {
        if (raw.get(i).isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(raw.get(i));
        String summary = n.path("summary").asText("");
        String description = n.path("description").asText("");
        Requester requester = requester(n.path("requester"));
        ThirdPartyRequester who =
            new ThirdPartyRequester(requester.email(), requester.displayName());
        PhraseClassifier.Analysis a = PhraseClassifier.analyse(summary, description);
        List<String> found =
            a.tokens().isEmpty()
                ? List.of()
                : ThirdParty.find(
                    a.text(),
                    a.tokens(),
                    a.concepts(),
                    a.negated(),
                    List.<int[]>of(new int[] {0, a.tokens().size() - 1}),
                    who);
        Classification c = classifier.classify(summary, description, requester);
        out.add(
            String.join(
                "\t",
                root.relativize(f).toString(),
                Integer.toString(i + 1),
                n.path("id").asText("?"),
                String.join(" | ", found).replace('\t', ' ').replace('\n', ' '),
                hash(c.toString())));
      }
    }
    return out;
  }

  private static Requester requester(JsonNode r) {
    Optional<String> email = Optional.empty();
    String name = "";
    if (r.isTextual()) {
      Matcher m = NAMED.matcher(r.asText());
      if (m.matches()) {
        name = m.group(1).replace("\"", "").strip();
        email = Optional.of(m.group(2));
      } else {
        email = Optional.of(r.asText());
      }
    } else if (r.isObject()) {
      email = Optional.ofNullable(r.path("email").textValue());
      name = r.path("displayName").asText(r.path("name").asText(""));
    }
    return new Requester("golden", email, name);
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
