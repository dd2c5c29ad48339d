package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;

/**
 * Which of the {@link Language}s a ticket is written in, or none when the text does not say.
 *
 * <p>A stop-word vote: every word of the text that is a function word ("und", "the", "pour") in one
 * of the languages counts for that language, a word that is one in several languages ("de", "a",
 * "en") counts as a share for each, so that only words that tell the languages apart decide. The
 * word lists are Lucene's (the Snowball project's lists, and Lucene's own English one), which the
 * classifier already depends on. A language is only named when its votes reach {@link #MIN_VOTES}
 * and clearly exceed the runner-up's: a short ticket ("Passwort zurücksetzen") or a mixed one has
 * too few function words to tell, and its requester gets the configured default language rather
 * than a guess.
 *
 * <p>Why not a statistical detector: Lingua, the most accurate on short texts, ships all its
 * language models in one jar of about 80 MB and loads them on first use; the optimaize detector is
 * unmaintained since 2016. Six languages that differ in their function words need neither.
 */
public final class LanguageDetector {
  /** Fewer function words than this: too little text to tell. */
  static final double MIN_VOTES = 3.0;

  /** How many times the runner-up's votes the winner needs. */
  static final double MARGIN = 1.5;

  private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['’]\\p{L}+)?");

  private static final Map<Language, CharArraySet> STOP_WORDS = stopWords();

  private static Map<Language, CharArraySet> stopWords() {
    Map<Language, CharArraySet> sets = new EnumMap<>(Language.class);
    sets.put(Language.EN, snowballEnglish());
    sets.put(Language.DE, GermanAnalyzer.getDefaultStopSet());
    sets.put(Language.FR, FrenchAnalyzer.getDefaultStopSet());
    sets.put(Language.ES, SpanishAnalyzer.getDefaultStopSet());
    sets.put(Language.NL, DutchAnalyzer.getDefaultStopSet());
    sets.put(Language.PT, PortugueseAnalyzer.getDefaultStopSet());
    return sets;
  }

  /**
   * Lucene's English analyzer keeps a list of only 33 words, without pronouns ("I", "my"); the
   * Snowball list it ships beside the others is of the same kind as theirs.
   */
  private static CharArraySet snowballEnglish() {
    try (InputStream in = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
      if (in == null) {
        throw new IllegalStateException("Lucene's snowball/english_stop.txt is missing");
      }
      return WordlistLoader.getSnowballWordSet(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LanguageDetector() {}

  /** The language of a ticket's summary and description together. */
  public static Optional<Language> detect(String summary, String description) {
    return detect(summary + "\n" + description);
  }

  /** The language the text is written in, when its function words say so clearly. */
  public static Optional<Language> detect(String text) {
    Map<Language, Double> votes = new EnumMap<>(Language.class);
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String word = m.group().toLowerCase(Locale.ROOT);
      // French and Italian elide: "l'accès", "d'un" vote with their function word.
      int apostrophe = Math.max(word.indexOf('\''), word.indexOf('’'));
      for (String part : apostrophe > 0 ? List.of(word.substring(0, apostrophe)) : List.of(word)) {
        List<Language> in =
            STOP_WORDS.entrySet().stream()
                .filter(e -> e.getValue().contains(part))
                .map(Map.Entry::getKey)
                .toList();
        in.forEach(l -> votes.merge(l, 1.0 / in.size(), Double::sum));
      }
    }
    List<Map.Entry<Language, Double>> ranked =
        votes.entrySet().stream()
            .sorted(Map.Entry.<Language, Double>comparingByValue().reversed())
            .toList();
    if (ranked.isEmpty() || ranked.get(0).getValue() < MIN_VOTES) {
      return Optional.empty();
    }
    double runnerUp = ranked.size() > 1 ? ranked.get(1).getValue() : 0.0;
    return ranked.get(0).getValue() >= MARGIN * runnerUp
        ? Optional.of(ranked.get(0).getKey())
        : Optional.empty();
  }
}
