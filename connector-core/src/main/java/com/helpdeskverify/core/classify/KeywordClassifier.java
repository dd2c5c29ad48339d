package com.helpdeskverify.core.classify;

import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.SensitiveOperation;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small English keyword classifier: enough for the workflow and the demo. It errs towards
 * "sensitive", since a false alarm costs one push and a miss is a security hole. The multilingual
 * classifier with negation handling replaces it (issue 3).
 */
public final class KeywordClassifier implements SensitivityClassifier {

  private static final Map<SensitiveOperation, Pattern> RULES = new LinkedHashMap<>();

  static {
    // Order matters: the more specific operations are tried first.
    RULES.put(
        SensitiveOperation.MFA_RESET,
        Pattern.compile(
            "\\b(mfa|2fa|two[- ]factor|multi[- ]factor|authenticator|otp|token)\\b.{0,40}"
                + "\\b(reset|new phone|re-?register|re-?enrol+|lost|remove)"
                + "|\\b(reset|re-?register|re-?enrol+)\\b.{0,40}\\b(mfa|2fa|authenticator)\\b"));
    RULES.put(
        SensitiveOperation.CREDENTIAL_RESET,
        Pattern.compile(
            "\\b(password|passwort|pw|pwd|passcode|credentials?)\\b.{0,40}\\b(reset|forgot|change|expired)"
                + "|\\b(reset|forgot|forgotten)\\b.{0,40}\\b(password|pw|pwd|credentials?)\\b"));
    RULES.put(
        SensitiveOperation.ACCOUNT_UNLOCK,
        Pattern.compile("\\b(unlock|locked out|account (is )?locked|lockout)\\b"));
    RULES.put(
        SensitiveOperation.ADMIN_ACCOUNT_CREATION,
        Pattern.compile(
            "\\b(create|new|set up|setup)\\b.{0,30}\\b(admin|administrator|privileged|service)"
                + " account\\b"));
    RULES.put(
        SensitiveOperation.PRIVILEGE_CHANGE,
        Pattern.compile(
            "\\b(admin(istrator)? (rights|privileges|role)|make me (an )?admin|elevat\\w*"
                + "|local admin|sudo|domain admin|global admin)\\b"));
    RULES.put(
        SensitiveOperation.ACCESS_GRANT,
        Pattern.compile(
            "\\b(grant|give|need|request(ing)?)\\b.{0,30}\\b(access|permissions?)\\b"
                + "|\\badd me to\\b.{0,30}\\b(group|team|distribution|role)\\b"));
  }

  @Override
  public Classification classify(String summary, String description) {
    String text = normalize(summary + "\n" + description);
    for (Map.Entry<SensitiveOperation, Pattern> rule : RULES.entrySet()) {
      Matcher m = rule.getValue().matcher(text);
      List<String> evidence = new ArrayList<>();
      while (m.find() && evidence.size() < 3) {
        evidence.add(m.group().strip());
      }
      if (!evidence.isEmpty()) {
        return new Classification(rule.getKey(), 0.7, evidence);
      }
    }
    return Classification.none();
  }

  private static String normalize(String text) {
    String plain = text.replaceAll("<[^>]{0,200}>", " ");
    return Normalizer.normalize(plain, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ");
  }
}
