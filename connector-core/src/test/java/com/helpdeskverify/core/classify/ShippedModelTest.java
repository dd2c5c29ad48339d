package com.helpdeskverify.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.SensitiveOperation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model in the jar is the one {@link ModelTrainer} makes from the labelled tickets in the
 * repository, it loads fast, and it is used. With {@code -Dclassifier.retrain=true} the test writes
 * the freshly trained model to {@code src/main/resources} instead of failing.
 */
class ShippedModelTest {

  @Test
  void shippedModelIsWhatTrainingOnTheCorporaProduces() throws IOException {
    LearnedModel trained = ModelTrainer.train(ModelTrainer.trainingSet());
    if (Boolean.getBoolean("classifier.retrain")) {
      Files.write(ModelTrainer.SHIPPED, trained.write());
    }

    LearnedModel shipped;
    try (InputStream in = Files.newInputStream(ModelTrainer.SHIPPED)) {
      shipped = LearnedModel.read(in);
    }

    assertThat(shipped.sameAs(trained))
        .as("retrain with ModelTrainer (or -Dclassifier.retrain=true) after changing the corpora")
        .isTrue();
  }

  @Test
  void modelLoadsFromTheClasspathWithinTwoSeconds() {
    long start = System.nanoTime();
    LearnedModel model = LearnedModel.shipped();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isLessThan(2_000);
    assertThat(model.classes()).contains(SensitiveOperation.NONE);
  }

  @Test
  void writtenModelReadsBackTheSame() throws IOException {
    LearnedModel model = LearnedModel.shipped();

    assertThat(LearnedModel.read(new ByteArrayInputStream(model.write())).sameAs(model)).isTrue();
  }

  @Test
  void modelFindsARequestTheRulesHaveNoWordsFor() {
    String summary = "can't get in";
    String description =
        "The app that shows me the six numbers disappeared when I got my new phone, "
            + "I can't sign in any more.";

    assertThat(new PhraseClassifier(Map.of(), null).classify(summary, description).sensitive())
        .isFalse();
    var c = new PhraseClassifier().classify(summary, description);
    assertThat(c.operation()).isEqualTo(SensitiveOperation.MFA_RESET);
    assertThat(c.evidence()).singleElement().asString().startsWith("learned model");
  }
}
