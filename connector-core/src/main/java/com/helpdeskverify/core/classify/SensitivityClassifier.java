package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;

/** Decides from a ticket's text whether it asks for something that needs verification. */
public interface SensitivityClassifier {
  Classification classify(String summary, String description);
}
