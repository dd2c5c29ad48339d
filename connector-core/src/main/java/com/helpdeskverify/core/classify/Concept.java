package com.helpdeskverify.core.classify;

/** What a word means to the classifier, whatever language it is in. */
enum Concept {
  PASSWORD,
  RESET,
  /** "change": a request only when asked for politely, else often a report of one's own change. */
  CHANGE,
  NEWISH,
  MFA,
  PHONE,
  CHANGED,
  REREGISTER,
  UNLOCK,
  LOCKED,
  LOCKED_OUT,
  ACCOUNT,
  ADMIN,
  CREATE,
  RIGHTS,
  ROLE,
  ELEVATE,
  ACCESS,
  GROUP,
  REQUEST,
  ADD,
  REMOVE,
  NEGATION,
  /** Talk about phishing, spam, scams: a report, unless the clause itself asks for something. */
  SUSPICIOUS,
  /** Asking how something works or is ruled, not asking for it to be done. */
  HOW,
  CANCEL,
  /** The ticket says it needs nothing: "no action needed", "just asking", "FYI". */
  DONE,
  /** The clause thanks for or reports a finished job: "thanks for", "worked", "erledigt". */
  THANKS,
  POLITE,
  /** A word that turns the word before it into a modifier: password manager, access point. */
  MODIFIED,
  /** A compound whose parts carry concepts of their own: Passwortrücksetzung, Adminrechte. */
  COMPOUND,
  /**
   * A word of a clause that ends in a question mark (or opens with "¿"): "can you reset my
   * password?" asks for something, "what are the password rules?" asks about it; the model tells
   * the two apart from what the question holds. Only the model reads it; the rules do not.
   */
  QUESTION;

  int bit() {
    return 1 << ordinal();
  }
}
