package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helpdeskverify.core.classify.PhraseClassifier.Token;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short cuts that made the third-party search fast (issue 15's throughput) against the regular
 * expressions they stand for, on the text of every corpus ticket and on edge cases written for them
 * (line terminators, letters outside the BMP, upper-case "WWW."): a shape's quick test never rules
 * out a text its pattern matches; the mask's patterns tried at line and sentence starts find what
 * find() finds; {@code asciiName} is the regular expression it replaced. Unlike {@link
 * ThirdPartyGoldenTest}, this holds whatever the lexicon, the rules and the model become.
 */
class ThirdPartyFastPathTest {
  static final List<String> EDGES =
      List.of(
          "",
          "x",
          "\n",
          "Thanks",
          "Hi Bob,\r\nFrom: Carol <carol@example.com>\r\nplease reset it",
          "ok.\rThanks,\rJohn",
          "done.)\tThanks John\u2028-- \u2029Regards\u0085Bob",
          "See WwW.Example.com or HTTPS://x.y and wWw.",
          "ACME\\jsmith and hk\\x, [~accountid:5b10a2844c20165700ede21g] [~jsmith]",
          "@Bob Smith, please add adm-rpatel and SA_jdoe; j.smith, john_doe2, ß.ñame",
          "\uD835\uDC9C.\uD835\uDCB7\uD835\uDCB8 and x.\uD835\uDCB7\uD835\uDCB8 _\uD835\uDC9C",
          "Hallo Herr Maier,\n\nbitte Passwort zurücksetzen.\n\nMit freundlichen Grüßen\nAnna",
          "On Mon, 1 Dec 2026 Bob wrote:\n> reset my password\nBR",
          "Hola, ¿puedes? Gracias. Saludos, Ana. Cordialement\n\n");

  static List<String> texts = new ArrayList<>();
  static List<String> words = new ArrayList<>();

  @BeforeAll
  static void corpus() throws Exception {
    Path root = Path.of(ThirdPartyFastPathTest.class.getResource("/classifier").toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    ObjectMapper json = new ObjectMapper();
    texts.addAll(EDGES);
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        PhraseClassifier.Analysis a =
            PhraseClassifier.analyse(
                n.path("summary").asText(""), n.path("description").asText(""));
        texts.add(a.text());
        for (Token t : a.tokens()) {
          words.add(a.text().substring(t.start(), t.end()));
        }
      }
    }
    assertThat(texts).hasSizeGreaterThan(10_000);
  }

  @Test
  void aShapesQuickTestNeverRulesOutAMatch() {
    for (AccountShapes.Shape shape : AccountShapes.SHAPES) {
      int matched = 0;
      for (String text : texts) {
        if (shape.pattern().matcher(text).find()) {
          matched++;
          assertThat(shape.possible().test(text)).as(shape.pattern() + " in " + text).isTrue();
        }
      }
      assertThat(matched).as("texts " + shape.pattern() + " matches").isPositive();
    }
  }

  @Test
  void theMasksPatternsTriedWhereTheyMayStartFindWhatFindFinds() {
    record Mask(Pattern pattern, boolean afterSentence) {}
    List<Mask> masks =
        List.of(
            new Mask(ThirdPartyMask.HEADER, false),
            new Mask(ThirdPartyMask.REPLY, false),
            new Mask(ThirdPartyMask.GREETING, true),
            new Mask(ThirdPartyMask.ADDRESSING_MENTION, false),
            new Mask(ThirdPartyMask.CLOSING, true));
    for (Mask mask : masks) {
      int found = 0;
      for (String text : texts) {
        List<String> expected = new ArrayList<>();
        Matcher m = mask.pattern().matcher(text);
        while (m.find()) {
          expected.add(m.start() + "-" + m.end());
        }
        List<String> actual = new ArrayList<>();
        for (MatchResult r : ThirdPartyMask.find(mask.pattern(), text, mask.afterSentence())) {
          actual.add(r.start() + "-" + r.end());
        }
        assertThat(actual).as(mask.pattern() + " in " + text).isEqualTo(expected);
        found += expected.size();
      }
      assertThat(found).as("matches of " + mask.pattern()).isPositive();
    }
  }

  @Test
  void asciiNameIsTheRegularExpressionItReplaced() {
    List<String> cases = new ArrayList<>(words);
    cases.addAll(
        List.of(
            "",
            "JS",
            "JSmith",
            "JSmith0123",
            "JSmith01234",
            "JSmithabcdefghijklmno",
            "jsm",
            "jsmith01",
            "abcdefghijklmnopqrst",
            "abcdefghijklmnopqrstu",
            "abc12345",
            "Jsmith",
            "jsmith1a",
            "ñame",
            "JSm\u00e9th",
            "JSmith\u0661"));
    Pattern initialAndSurname = Pattern.compile("[A-Z]{2}[a-z]{2,15}\\d{0,4}");
    Pattern lower = Pattern.compile("[a-z]{3,20}\\d{0,4}");
    Pattern whose = Pattern.compile("[a-z]{4,20}\\d{0,4}");
    for (String w : cases) {
      assertThat(AccountNames.asciiName(w, 2, 2, 15))
          .as(w)
          .isEqualTo(initialAndSurname.matcher(w).matches());
      assertThat(AccountNames.asciiName(w, 0, 3, 20)).as(w).isEqualTo(lower.matcher(w).matches());
      assertThat(AccountNames.asciiName(w, 0, 4, 20)).as(w).isEqualTo(whose.matcher(w).matches());
    }
  }
}
