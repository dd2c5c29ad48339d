package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.CommentMarker;
import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.TicketSystem;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the steps write on tickets: the messages rendered from a case, every value quoted from a
 * ticket or a provider made inert first (all but the provider's own number and link), and each
 * posted at most once per case and step, under the claim.
 */
record Comments(MessageTemplates messages, Integrations integrations, CaseWrites writes) {
  /** Where a renderer starts a link on its own: a URL scheme before "://", "mailto:", "www.". */
  private static final Pattern LINK_START =
      Pattern.compile("(?i)\\b(?:[a-z][a-z0-9+.-]*(?=://)|mailto(?=:)|www(?=\\.))");

  /** Posts a comment unless this is a repeated step and the comment is already there. */
  void postOnce(
      VerificationCase c, boolean repeat, CommentMarker.Step step, boolean internal, String text) {
    TicketSystem tickets = integrations.ticketSystem(c);
    CommentMarker marker = new CommentMarker(c.id(), step);
    if (repeat && tickets.hasComment(c.ticket(), marker)) {
      return;
    }
    writes.holdClaim(c);
    if (internal) {
      tickets.postInternalNote(c.ticket(), text, marker);
    } else {
      tickets.postPublicComment(c.ticket(), text, marker);
    }
  }

  /**
   * Makes a move and posts the requester's comment about it, in this order. On the first run of the
   * step neither can have happened yet, so both go to the ticket system at once ({@code together}:
   * one call where it takes a comment with a move); a repeat makes the move alone (moves are
   * idempotent) and posts the comment unless it is already there.
   */
  void withMove(
      VerificationCase c,
      boolean repeat,
      CommentMarker.Step step,
      String text,
      Runnable move,
      Consumer<TicketSystem.PublicComment> together) {
    if (repeat) {
      move.run();
      postOnce(c, true, step, false, text);
    } else {
      together.accept(
          new TicketSystem.PublicComment(
              text, new CommentMarker(c.id(), step), () -> writes.holdClaim(c)));
    }
  }

  String render(Message message, VerificationCase c) {
    return render(message, c, Map.of());
  }

  /** {@code extra}: values only some messages have (a deadline, a push id). */
  String render(Message message, VerificationCase c, Map<String, String> extra) {
    Message wording = message.of(c.classification().operation());
    Language language = language(wording, c);
    Optional<PushProvider> provider = integrations.providerIfConfigured(c);
    Map<String, String> values = new HashMap<>();
    values.put("ticket", c.ticket().label());
    values.put("operation", messages.operation(c.classification().operation(), language));
    values.put("requester", c.requester().displayName());
    values.put("case", c.id().value());
    values.put("attempt", Integer.toString(c.attempt()));
    values.put("reason", reasonText(c));
    values.put("detail", c.reason().map(Reason::detail).orElse(""));
    values.put("confidence", String.format(Locale.ROOT, "%.2f", c.classification().confidence()));
    values.put("evidence", String.join("; ", c.classification().evidence()));
    if (provider.isPresent()) {
      values.put("provider", provider.get().displayName());
      values.put("timeout", MessageTemplates.duration(provider.get().pushTimeout(), language));
    }
    values.put("account", c.requester().accountId());
    values.put("email", c.requester().email().orElse("not disclosed by the ticket system"));
    values.put("system", c.ticket().system());
    values.put("provider-user", c.providerUserId().orElse(""));
    values.put("opened-by", c.openedBy().map(Requester::displayName).orElse("the service desk"));
    values.putAll(extra);
    values.replaceAll((k, v) -> printable(v));
    return messages.render(wording, language, values);
  }

  /**
   * The ticket's language (or the configured default) for what the requester reads; technicians'
   * notes are in the operator's language whatever the ticket's.
   */
  private Language language(Message message, VerificationCase c) {
    return message.requesterFacing() ? messages.requesterLanguage(c.language()) : Language.EN;
  }

  /**
   * Posts a public comment about the push: the provider's name and the ticket, and {@code values}
   * as they are: the requester types the number and follows the link the provider gave, and {@link
   * #printable} would unlink the link.
   */
  void postAsIs(
      VerificationCase c,
      boolean repeat,
      CommentMarker.Step step,
      Message message,
      PushProvider provider,
      Map<String, String> values) {
    Language language = language(message, c);
    Map<String, String> all = new HashMap<>(values);
    all.put("provider", provider.displayName());
    all.put("ticket", c.ticket().label());
    all.put("timeout", MessageTemplates.duration(provider.pushTimeout(), language));
    postOnce(c, repeat, step, false, messages.render(message, language, all));
  }

  /**
   * A value quoted from a ticket or a provider, as it may appear in a posted text: control
   * characters (NUL, ESC, ...) and bidirectional embeddings, overrides and isolates, which could
   * make a name read as something else ("Ann\u202Etxt.exe" shows as "Annexe.txt"), become U+FFFD.
   * Line breaks, tabs and joiners (emoji sequences need them) stay. A zero-width space after each
   * start of a link ("https", "mailto", "www") keeps Jira's and ServiceNow's renderers from linking
   * it: a requester named "Bob https://evil.example/login" would otherwise put a link in a note
   * that technicians trust. The templates' own text, an admin's, keeps its links.
   */
  static String printable(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean control = Character.getType(ch) == Character.CONTROL && ch != '\n' && ch != '\t';
      boolean bidi = (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069');
      if (control || bidi) {
        if (out == null) {
          out = new StringBuilder(value.length()).append(value, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(ch);
      }
    }
    return LINK_START.matcher(out == null ? value : out).replaceAll("$0\u200B");
  }

  /** "3 minutes", "90 seconds", "1 minute": how employees read a timeout. */
  static String humanize(Duration d) {
    long seconds = Math.max(1, d.toSeconds());
    if (seconds % 60 != 0) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = seconds / 60;
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  static String reasonText(VerificationCase c) {
    return c.reason()
        .map(r -> r.code().description() + (r.detail().isBlank() ? "" : " (" + r.detail() + ")"))
        .orElse("unknown");
  }
}
