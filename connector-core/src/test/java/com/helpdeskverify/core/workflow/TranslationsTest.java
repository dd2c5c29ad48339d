package com.helpdeskverify.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.SensitiveOperation;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every translated language says everything the English texts say, with the same placeholders. */
class TranslationsTest {

  @Test
  void everyLanguageButEnglishHasBuiltInTexts() {
    assertThat(MessageTemplates.translated())
        .containsExactlyInAnyOrder(Language.DE, Language.FR, Language.ES, Language.NL, Language.PT);
  }

  @Test
  void everyLanguageHasEveryRequesterFacingMessageWithTheEnglishPlaceholders() {
    for (Language language : MessageTemplates.translated()) {
      Map<String, String> texts = MessageTemplates.builtIn(language);
      for (Message m : Message.values()) {
        if (!m.requesterFacing()) {
          assertThat(texts)
              .as(language + " translates a technician's note")
              .doesNotContainKey(m.key());
          continue;
        }
        assertThat(texts).as(language + " lacks " + m.key()).containsKey(m.key());
        assertThat(MessageTemplates.placeholders(texts.get(m.key())))
            .as(language + " " + m.key())
            .isEqualTo(MessageTemplates.placeholders(m.defaultText()));
      }
    }
  }

  @Test
  void everyLanguageNamesEveryOperationARequesterIsAskedAboutAndBothTimeUnits() {
    for (Language language : MessageTemplates.translated()) {
      Map<String, String> texts = MessageTemplates.builtIn(language);
      Arrays.stream(SensitiveOperation.values())
          .filter(SensitiveOperation::sensitive)
          .map(o -> "operation." + o.name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .forEach(key -> assertThat(texts).as(language + " lacks " + key).containsKey(key));
      for (String unit : new String[] {"second", "minute"}) {
        assertThat(texts.get("duration." + unit)).as(language + " " + unit).startsWith("1 ");
        assertThat(texts.get("duration." + unit + "s")).as(language + " " + unit).contains("{n}");
      }
    }
  }

  @Test
  void noTranslationKeyIsUnknown() {
    for (Language language : MessageTemplates.translated()) {
      for (String key : MessageTemplates.builtIn(language).keySet()) {
        boolean known =
            key.startsWith("operation.")
                || key.startsWith("duration.")
                || Arrays.stream(Message.values()).anyMatch(m -> m.key().equals(key));
        assertThat(known).as(language + ": unknown key " + key).isTrue();
      }
    }
  }
}
