package com.helpdeskverify.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.helpdeskverify.core.CaseId;
import com.helpdeskverify.core.CaseState;
import com.helpdeskverify.core.Challenge;
import com.helpdeskverify.core.Classification;
import com.helpdeskverify.core.HistoryEntry;
import com.helpdeskverify.core.Language;
import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.Reason;
import com.helpdeskverify.core.ReasonCode;
import com.helpdeskverify.core.Requester;
import com.helpdeskverify.core.SensitiveOperation;
import com.helpdeskverify.core.Ticket;
import com.helpdeskverify.core.VerificationCase;
import com.helpdeskverify.core.Watermark;
import com.helpdeskverify.testkit.Cases;
import com.helpdeskverify.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database the case store runs on must do the same way. */
abstract class CaseStoreContract {
  static final Instant T0 = Instant.parse("2026-11-02T09:00:00.123456Z");
  static final Duration CLAIM = Duration.ofMinutes(2);

  /** The provider of every case here but where a test names another. */
  private static final List<String> DUO = List.of("duo");

  TestDatabase database;
  CaseStore store;
  private final SplittableRandom random = new SplittableRandom(7);

  abstract TestDatabase openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
    store = CaseStore.migrate(database.dataSource());
  }

  @AfterEach
  void close() {
    database.close();
  }

  VerificationCase newCase(String key, int attempt) {
    return newCase(key, attempt, random);
  }

  /** Attempt {@code attempt} of a password reset asked on ticket {@code key}, just detected. */
  static VerificationCase newCase(String key, int attempt, SplittableRandom random) {
    return Cases.passwordReset(key, attempt, T0, random);
  }

  VerificationCase claimOne(String owner, Instant now) {
    List<VerificationCase> claimed = store.claimDue(owner, now, CLAIM, 1);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Test
  void insertedCaseReadsBackUnchanged() {
    VerificationCase c = newCase("HD-1", 1);

    assertThat(store.insert(c, "node-a", "opened")).isTrue();

    assertThat(store.find(c.id())).contains(c);
    assertThat(store.latestFor(c.ticket())).contains(c);
  }

  @Test
  void thirdPartyEvidenceReadsBackSoTheCaseStillEscalatesOnAnyNode() {
    VerificationCase plain = newCase("HD-1", 1);
    Classification forSomeoneElse =
        new Classification(
            SensitiveOperation.CREDENTIAL_RESET,
            0.9,
            List.of("Passwort meines Kollegen zurücksetzen"),
            List.of("\"Passwort meines Kollegen\"", "e-mail address max@example.de"));
    VerificationCase c =
        new VerificationCase(
            plain.id(),
            plain.ticket(),
            plain.attempt(),
            plain.requester(),
            plain.openedBy(),
            plain.fingerprint(),
            forSomeoneElse,
            plain.language(),
            plain.provider(),
            plain.state(),
            plain.providerUserId(),
            plain.challenge(),
            plain.reason(),
            plain.nextActionAt(),
            plain.ticketCheckedAt(),
            plain.failures(),
            plain.stepAttempts(),
            plain.claim(),
            plain.version(),
            plain.createdAt(),
            plain.updatedAt());

    assertThat(store.insert(c, "node-a", "opened")).isTrue();

    assertThat(store.find(c.id()).orElseThrow().classification()).isEqualTo(forSomeoneElse);
  }

  @Test
  void theTicketsLanguageIsStoredWithTheCaseAndAnUnknownOneStaysUnknown() {
    VerificationCase plain = newCase("HD-1", 1);
    Ticket ticket =
        new Ticket(
            plain.ticket(), plain.requester(), Optional.empty(), "s", "d", T0, T0, "Open", true);
    VerificationCase german =
        VerificationCase.detected(
            CaseId.random(random),
            ticket,
            1,
            plain.classification(),
            Optional.of(Language.DE),
            "duo",
            T0);
    VerificationCase unknown = newCase("HD-2", 1);

    assertThat(store.insert(german, "node-a", "opened")).isTrue();
    assertThat(store.insert(unknown, "node-a", "opened")).isTrue();

    assertThat(store.find(german.id()).orElseThrow().language()).contains(Language.DE);
    assertThat(store.find(unknown.id()).orElseThrow().language()).isEmpty();
  }

  @Test
  void caseWhoseRequesterNameAndEvidenceHoldControlCharactersIsStored() {
    VerificationCase plain = newCase("HD-1", 1);
    String hostile = "Ana\u0000\u001b[31m\u202Egnp.exe\u200B";
    Ticket ticket =
        new Ticket(
            plain.ticket(),
            Requester.of("acc-1", "ana@example.com", hostile),
            Optional.of(Requester.of("acc-9", null, hostile)),
            "reset\u0000password",
            "",
            T0,
            T0,
            "Open",
            true);
    VerificationCase c =
        VerificationCase.detected(
            plain.id(),
            ticket,
            1,
            new Classification(
                SensitiveOperation.CREDENTIAL_RESET, 0.9, List.of("reset\u0000password")),
            "duo",
            T0);

    assertThat(store.insert(c, "node-a", "evidence: reset\u0000password")).isTrue();

    VerificationCase stored = store.find(c.id()).orElseThrow();
    assertThat(stored.requester().displayName())
        .isEqualTo("Ana\uFFFD\u001b[31m\u202Egnp.exe\u200B");
    assertThat(stored.classification().evidence()).containsExactly("reset\u0000password");
    assertThat(store.history(c.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("evidence: reset\uFFFDpassword"));
  }

  @Test
  void sameAttemptOfSameTicketCannotBeOpenedTwice() {
    VerificationCase first = newCase("HD-1", 1);
    VerificationCase twin = newCase("HD-1", 1);

    assertThat(store.insert(first, "node-a", "")).isTrue();
    assertThat(store.insert(twin, "node-b", "")).isFalse();

    assertThat(store.casesOf(first.ticket())).containsExactly(first);
    assertThat(store.history(twin.id())).isEmpty();
  }

  @Test
  void latestCaseIsTheHighestAttempt() {
    VerificationCase first = newCase("HD-1", 1);
    VerificationCase second = newCase("HD-1", 2);
    store.insert(second, "n", "");
    store.insert(first, "n", "");

    assertThat(store.latestFor(first.ticket()).orElseThrow().attempt()).isEqualTo(2);
    assertThat(store.casesOf(first.ticket()))
        .extracting(VerificationCase::attempt)
        .containsExactly(1, 2);
  }

  @Test
  void claimedCaseIsNotClaimedByAnotherNodeUntilTheClaimRunsOut() {
    store.insert(newCase("HD-1", 1), "n", "");

    VerificationCase mine = claimOne("node-a", T0);

    assertThat(mine.claim()).contains(new VerificationCase.Claim("node-a", T0.plus(CLAIM)));
    assertThat(mine.stepAttempts()).isEqualTo(1);
    assertThat(store.claimDue("node-b", T0.plus(CLAIM), CLAIM, 10)).isEmpty();
    VerificationCase taken = claimOne("node-b", T0.plus(CLAIM).plusMillis(1));
    assertThat(taken.stepAttempts()).isEqualTo(2);
  }

  @Test
  void casesAreNotDueBeforeTheirTime() {
    VerificationCase c = newCase("HD-1", 1);
    store.insert(c, "n", "");
    VerificationCase claimed = claimOne("node-a", T0);
    store.save(
        claimed,
        claimed.toBuilder().nextActionAt(T0.plusSeconds(30)).build(),
        "node-a",
        T0,
        Optional.empty(),
        "node-a",
        Optional.empty());

    assertThat(store.claimDue("node-a", T0.plusSeconds(29), CLAIM, 10)).isEmpty();
    assertThat(store.claimDue("node-a", T0.plusSeconds(30), CLAIM, 10)).hasSize(1);
  }

  @Test
  void pendingPushesAreClaimedBeforeOtherDueWorkEvenWhenThatWasDueEarlier() {
    // A push's poll races its deadline; new intake and ticket moves can wait a little (half a
    // batch: the order within a batch is what this shows).
    VerificationCase pending = walkTo(CaseState.CHALLENGED);
    store.save(
        pending,
        pending.toBuilder().nextActionAt(T0.plusSeconds(60)).build(),
        "node-a",
        T0.plusSeconds(4),
        Optional.empty(),
        "node-a",
        Optional.empty());
    store.insert(newCase("HD-2", 1), "n", "");

    assertThat(store.claimDue("node-b", T0.plusSeconds(61), CLAIM, 2))
        .extracting(c -> c.ticket().key())
        .containsExactly("HD-1", "HD-2");
  }

  @Test
  void claimsTakePendingPushesSoonestDeadlineFirstThenOtherWorkLongestDueFirst() {
    pendingPush("HD-1", T0.plusSeconds(300));
    pendingPush("HD-2", T0.plusSeconds(200));
    pendingPush("HD-3", T0.plusSeconds(250));
    dueAt("HD-4", T0.plusSeconds(20));
    dueAt("HD-5", T0.plusSeconds(10));
    dueAt("HD-6", T0.plusSeconds(30));

    // The odd slot goes to pending pushes on one claim, to other work on the next.
    assertThat(claimedKeys(3)).containsExactly("HD-2", "HD-3", "HD-5");
    assertThat(claimedKeys(3)).containsExactly("HD-1", "HD-4", "HD-6");
  }

  /**
   * A claim reads sixteen due pushes for each case it may take, from the longest due, and takes the
   * soonest deadlines among them: with more due than that, the longest due come first, and pushes
   * due later wait their turn whatever their deadlines (reading every due push in deadline order
   * stepped over every push not yet due, thousands a claim).
   */
  @Test
  void pendingPushesBeyondTheReadWindowWaitTheirTurnFromTheLongestDue() {
    for (int i = 1; i <= 20; i++) {
      // P-01 is due first and its deadline is the latest; P-20 is due last, deadline soonest.
      pendingPush(String.format("P-%02d", i), T0.plusSeconds(300 - i), T0.plusSeconds(60 + i));
    }

    assertThat(claimedKeys(1)).containsExactly("P-16");
    // With two to take, all nineteen left are read: the soonest deadlines of all.
    assertThat(claimedKeys(2)).containsExactly("P-20", "P-19");
  }

  /**
   * Thousands of pending pushes come due for their tickets' re-reads faster than workers work them:
   * new tickets still get half of every batch, and either kind takes what the other leaves.
   */
  @Test
  void pendingPushesTakeHalfOfABatchWhileOtherWorkIsDueAndWhatItLeaves() {
    for (int i = 1; i <= 8; i++) {
      pendingPush("P-" + i, T0.plusSeconds(200 + i));
    }
    dueAt("N-1", T0.plusSeconds(10));
    dueAt("N-2", T0.plusSeconds(20));
    dueAt("N-3", T0.plusSeconds(30));

    assertThat(claimedKeys(4)).containsExactly("P-1", "P-2", "N-1", "N-2");
    // One piece of other work left: the pushes take the rest of the batch.
    assertThat(claimedKeys(4)).containsExactly("P-3", "P-4", "P-5", "N-3");
    // Only pushes left.
    assertThat(claimedKeys(4)).containsExactly("P-6", "P-7", "P-8");
  }

  /** A worker claims one case at a time by default: pushes and other work take turns. */
  @Test
  void batchesOfOneTakePendingPushesAndOtherWorkInTurn() {
    pendingPush("P-1", T0.plusSeconds(201));
    pendingPush("P-2", T0.plusSeconds(202));
    pendingPush("P-3", T0.plusSeconds(203));
    dueAt("N-1", T0.plusSeconds(10));
    dueAt("N-2", T0.plusSeconds(20));

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.addAll(claimedKeys(1));
    }
    assertThat(order).containsExactly("P-1", "N-1", "P-2", "N-2", "P-3");
  }

  @Test
  void aRenewedClaimKeepsRivalsOffAndALostOneCannotBeRenewed() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase mine = claimOne("node-a", T0);

    // Renewed just before it ran out: nobody may claim the case for a whole lease from then.
    store.renewClaim(mine, "node-a", T0.plus(CLAIM).minusMillis(1), CLAIM);
    assertThat(store.claimDue("node-b", T0.plus(CLAIM).plusSeconds(1), CLAIM, 10)).isEmpty();
    // The renewal wrote no new version: the holder's copy still saves.
    VerificationCase saved =
        store.save(
            mine,
            mine.toBuilder().state(CaseState.NOTIFIED).build(),
            "node-a",
            T0.plus(CLAIM),
            Optional.of(CLAIM),
            "node-a",
            Optional.empty());
    assertThat(saved.state()).isEqualTo(CaseState.NOTIFIED);

    // Run out and taken by another node: the slow holder's renewal is refused.
    Instant later = T0.plus(CLAIM).plus(CLAIM).plusSeconds(1);
    claimOne("node-b", later);
    assertThatThrownBy(() -> store.renewClaim(saved, "node-a", later, CLAIM))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void aNoteWhileHeldRenewsTheClaimKeepsTheVersionAndIsRefusedOnceTheClaimIsLost() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase mine = claimOne("node-a", T0);

    store.noteWhileHeld(mine, "node-a", T0.plusSeconds(1), CLAIM, "about to move");
    assertThat(store.history(mine.id()))
        .last()
        .satisfies(
            e -> {
              assertThat(e.from()).contains(mine.state());
              assertThat(e.to()).isEqualTo(mine.state());
              assertThat(e.detail()).isEqualTo("about to move");
            });
    // A whole lease from the note, and the holder's copy still saves.
    assertThat(store.claimDue("node-b", T0.plus(CLAIM).plusSeconds(1).minusMillis(1), CLAIM, 10))
        .isEmpty();
    assertThat(store.find(mine.id()).orElseThrow().version()).isEqualTo(mine.version());
    store.renewClaim(mine, "node-a", T0.plusSeconds(2), CLAIM);

    Instant later = T0.plus(CLAIM).plus(CLAIM);
    claimOne("node-b", later);
    int lines = store.history(mine.id()).size();
    assertThatThrownBy(() -> store.noteWhileHeld(mine, "node-a", later, CLAIM, "too late"))
        .isInstanceOf(ClaimLost.class);
    assertThat(store.history(mine.id())).hasSize(lines);
  }

  @Test
  void aClaimRenewedMomentsBeforeIsCheckedNotWrittenAgain() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase mine = claimOne("node-a", T0);
    Duration tenth = CLAIM.dividedBy(10);

    // Less than a tenth of the lease spent: checked, not extended; the claim still ends at T0 +
    // CLAIM.
    store.renewClaim(mine, "node-a", T0.plus(tenth).minusSeconds(1), CLAIM);
    assertThat(store.claimDue("node-b", T0.plus(CLAIM).minusSeconds(1), CLAIM, 10)).isEmpty();
    claimOne("node-b", T0.plus(CLAIM).plusSeconds(1));
    assertThatThrownBy(() -> store.renewClaim(mine, "node-a", T0.plus(CLAIM).plusSeconds(2), CLAIM))
        .isInstanceOf(ClaimLost.class);

    // More than a tenth spent: written, a whole lease from then.
    store.insert(newCase("HD-2", 1), "n", "");
    Instant t1 = T0.plus(CLAIM).plus(CLAIM);
    VerificationCase other = claimOne("node-a", t1);
    store.renewClaim(other, "node-a", t1.plus(tenth).plusSeconds(1), CLAIM);
    assertThat(store.claimDue("node-b", t1.plus(CLAIM).plusSeconds(1), CLAIM, 10))
        .extracting(VerificationCase::id)
        .doesNotContain(other.id());
  }

  @Test
  void aClaimOnlyCheckedIsStillRefusedOnceANodeTookItOver() {
    // A lease long enough that the holder's renewal after the takeover is a check, not a write.
    Duration lease = Duration.ofMinutes(10);
    store.startNode("node-a", T0);
    store.startNode("node-b", T0);
    VerificationCase opened =
        store.insertClaimed(newCase("HD-1", 1), "node-a", T0, lease, "node-a", "").orElseThrow();
    store.heartbeat("node-b", T0.plusSeconds(21));
    store.takeOverSilentNodes("node-b", T0.plusSeconds(21), Duration.ofSeconds(20));

    // Released, not yet claimed again: the owner is gone.
    assertThatThrownBy(() -> store.renewClaim(opened, "node-a", T0.plusSeconds(22), lease))
        .isInstanceOf(ClaimLost.class);
    store.claimDue("node-b", T0.plusSeconds(22), lease, 1);
    assertThatThrownBy(() -> store.renewClaim(opened, "node-a", T0.plusSeconds(23), lease))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void thePushBudgetCountsThePersonsCasesThatWentToPushSendingWithinTheWindow() {
    Duration hour = Duration.ofHours(1);
    Instant t1 = T0.plus(Duration.ofMinutes(10));
    VerificationCase first = sending(notified("HD-1", "Ana@Example.com"), T0, 2).orElseThrow();
    // Moved on since: its push still counts.
    save(
        first,
        first.toBuilder()
            .state(CaseState.CHALLENGED)
            .challenge(
                new Challenge(new PushHandle("tx-1"), T0.plusSeconds(183), Optional.empty())),
        1);
    assertThat(sending(notified("HD-2", "ana@example.com"), t1, 2)).isPresent();

    VerificationCase third = notified("HD-3", "ANA@example.com");
    assertThat(sending(third, t1.plusSeconds(1), 2)).isEmpty();
    // Another person has a budget of their own.
    assertThat(sending(notified("HD-4", "bob@example.com"), t1.plusSeconds(1), 1)).isPresent();
    // The first push an hour old: room for one more.
    assertThat(sending(third, T0.plus(hour).minusMillis(1), 2)).isEmpty();
    assertThat(sending(third, T0.plus(hour), 2)).isPresent();
  }

  @Test
  void saveByANodeThatLostItsClaimIsRefused() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase stale = claimOne("node-a", T0);
    VerificationCase fresh = claimOne("node-b", T0.plus(CLAIM).plusSeconds(1));

    assertThatThrownBy(
            () ->
                store.save(
                    stale,
                    stale.toBuilder().state(CaseState.NOTIFIED).build(),
                    "node-a",
                    T0,
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
    assertThat(store.find(fresh.id()).orElseThrow().state()).isEqualTo(CaseState.DETECTED);
  }

  @Test
  void restartedNodeFreesItsOwnClaimsAtOnceAndTheCasesAreDueAgain() {
    store.insert(newCase("HD-1", 1), "n", "");
    store.insert(newCase("HD-2", 1), "n", "");
    store.startNode("node-a", T0);
    store.claimDue("node-a", T0, CLAIM, 10);

    int freed = store.startNode("node-a", T0.plusSeconds(3));

    assertThat(freed).isEqualTo(2);
    assertThat(store.claimDue("node-a", T0.plusSeconds(3), CLAIM, 10)).hasSize(2);
  }

  @Test
  void writeOfTheRunBeforeARestartIsRefused() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase earlierRun = claimOne("node-a", T0);

    store.startNode("node-a", T0.plusSeconds(3));

    assertThatThrownBy(
            () ->
                store.save(
                    earlierRun,
                    earlierRun.toBuilder().state(CaseState.NOTIFIED).build(),
                    "node-a",
                    T0.plusSeconds(4),
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void claimsOfANodeSilentLongerThanTheBoundAreTakenOverAndItsWritesRefused() {
    Duration silence = Duration.ofSeconds(20);
    store.insert(newCase("HD-1", 1), "n", "");
    store.startNode("node-a", T0);
    store.startNode("node-b", T0);
    VerificationCase held = claimOne("node-a", T0);
    store.heartbeat("node-b", T0.plusSeconds(21));

    var taken = store.takeOverSilentNodes("node-b", T0.plusSeconds(21), silence);

    assertThat(taken).containsExactly(java.util.Map.entry("node-a", 1));
    assertThat(store.claimDue("node-b", T0.plusSeconds(21), CLAIM, 10)).hasSize(1);
    assertThatThrownBy(
            () ->
                store.save(
                    held,
                    held.toBuilder().state(CaseState.NOTIFIED).build(),
                    "node-a",
                    T0.plusSeconds(22),
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void aPushWatchIsHeldWhileItsNodeIsRegisteredAndGoesWithItsTakeover() {
    CaseId waiting = walkTo(CaseState.CHALLENGED).id();
    PushWatchStore watches = new PushWatchStore(database.dataSource());
    store.startNode("node-a", T0);
    store.startNode("node-b", T0);

    assertThat(watches.lease(waiting, "node-a")).isTrue();
    assertThat(watches.lease(waiting, "node-b")).as("node-a holds it").isFalse();
    assertThat(watches.lease(waiting, "node-a")).as("its own again").isTrue();
    assertThat(watches.unwatched(10, DUO)).as("node-a watches it").isEmpty();
    assertThat(watches.held("node-a")).containsExactly(waiting);

    store.heartbeat("node-b", T0.plusSeconds(21));
    store.takeOverSilentNodes("node-b", T0.plusSeconds(21), Duration.ofSeconds(20));

    assertThat(watches.held("node-a")).as("gone with node-a's claims").isEmpty();
    assertThat(watches.unwatched(10, DUO)).containsExactly(waiting);
    assertThat(watches.lease(waiting, "node-b")).isTrue();
    store.heartbeat("node-a", T0.plusSeconds(22)); // node-a was only paused
    assertThat(watches.lease(waiting, "node-a")).as("node-b holds it now").isFalse();
    watches.release(waiting, "node-a");
    assertThat(watches.held("node-b")).as("not node-a's to give up").containsExactly(waiting);
    watches.release("node-b", List.of(waiting));
    assertThat(watches.lease(waiting, "node-a")).isTrue();
  }

  @Test
  void aNodeThatIsNotRegisteredTakesNoPushWatchAndHoldsNone() throws Exception {
    CaseId waiting = walkTo(CaseState.CHALLENGED).id();
    PushWatchStore watches = new PushWatchStore(database.dataSource());
    assertThat(watches.lease(waiting, "node-a")).as("not registered yet").isFalse();
    store.startNode("node-a", T0);
    store.startNode("node-b", T0);
    assertThat(watches.lease(waiting, "node-a")).isTrue();
    // node-a's registration gone, its watch left: a lease that raced its node's takeover.
    try (var c = database.dataSource().getConnection();
        var ps = c.prepareStatement("delete from service_node where node_id = 'node-a'")) {
      ps.executeUpdate();
    }

    assertThat(watches.lease(waiting, "node-a")).as("its own, but unregistered").isFalse();
    assertThat(watches.unwatched(10, DUO)).containsExactly(waiting);
    assertThat(watches.lease(waiting, "node-b")).isTrue();
    assertThat(watches.held("node-a")).isEmpty();
  }

  @Test
  void theSearchForUnwatchedPushesReachesPastTheWatchedOnes() {
    store.startNode("node-a", T0);
    pendingPush("HD-1", T0.plusSeconds(100));
    pendingPush("HD-2", T0.plusSeconds(200));
    pendingPush("HD-3", T0.plusSeconds(300));
    PushWatchStore watches = new PushWatchStore(database.dataSource());
    List<CaseId> soonest = watches.unwatched(2, DUO);
    soonest.forEach(id -> assertThat(watches.lease(id, "node-a")).isTrue());

    // node-a's own watches are not returned again: the search reaches the one nobody watches.
    List<CaseId> next = watches.unwatched(2, DUO);
    assertThat(next).hasSize(1).doesNotContainAnyElementsOf(soonest);
  }

  @Test
  void theSearchForUnwatchedPushesPassesOverProvidersTheNodeCannotAsk() {
    store.startNode("node-a", T0);
    pendingPush("HD-1", T0.plusSeconds(100));
    pendingPush("HD-2", T0.plusSeconds(200));
    pendingPush("HD-3", T0.plusSeconds(300), T0.plusSeconds(60), "okta");
    PushWatchStore watches = new PushWatchStore(database.dataSource());

    // Duo taken out of the node's configuration: its pushes, due first, do not hide Okta's.
    assertThat(watches.unwatched(1, List.of("okta")))
        .extracting(id -> store.find(id).orElseThrow().ticket().key())
        .containsExactly("HD-3");
    assertThat(watches.unwatched(3, List.of("okta", "duo"))).hasSize(3);
    assertThat(watches.unwatched(3, List.of())).isEmpty();
  }

  @Test
  void nodeThatCheckedInWithinTheBoundKeepsItsClaims() {
    Duration silence = Duration.ofSeconds(20);
    store.insert(newCase("HD-1", 1), "n", "");
    store.startNode("node-a", T0);
    claimOne("node-a", T0);
    store.heartbeat("node-a", T0.plusSeconds(15));

    var taken = store.takeOverSilentNodes("node-b", T0.plusSeconds(34), silence);

    assertThat(taken).isEmpty();
    assertThat(store.claimDue("node-b", T0.plusSeconds(34), CLAIM, 10)).isEmpty();
  }

  @Test
  void aNodeNeverTakesItselfOver() {
    store.insert(newCase("HD-1", 1), "n", "");
    store.startNode("node-a", T0);
    claimOne("node-a", T0);

    assertThat(store.takeOverSilentNodes("node-a", T0.plusSeconds(60), Duration.ofSeconds(20)))
        .isEmpty();
  }

  @Test
  void aCaseOpenedClaimedIsHeldAsAClaimDueWouldHoldItUntilTheClaimRunsOut() {
    VerificationCase c = newCase("HD-1", 1);

    VerificationCase opened =
        store.insertClaimed(c, "node-a", T0, CLAIM, "node-a", "opened").orElseThrow();

    assertThat(opened.claim()).contains(new VerificationCase.Claim("node-a", T0.plus(CLAIM)));
    assertThat(opened.stepAttempts()).isEqualTo(1);
    assertThat(opened.state()).isEqualTo(CaseState.DETECTED);
    assertThat(store.find(c.id())).contains(opened);
    assertThat(store.history(c.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("opened"));
    assertThat(store.claimDue("node-b", T0, CLAIM, 10)).isEmpty();
    assertThat(store.claimDue("node-a", T0.plus(CLAIM), CLAIM, 10)).isEmpty();
    VerificationCase taken = claimOne("node-b", T0.plus(CLAIM).plusMillis(1));
    assertThat(taken.id()).isEqualTo(c.id());
    assertThat(taken.stepAttempts()).isEqualTo(2);
  }

  @Test
  void theOpenerOfAClaimedCaseWritesItAsItsHolderAndNobodyElseCan() {
    VerificationCase opened =
        store.insertClaimed(newCase("HD-1", 1), "node-a", T0, CLAIM, "node-a", "").orElseThrow();

    assertThatThrownBy(
            () ->
                store.save(
                    opened,
                    opened.toBuilder().state(CaseState.NOTIFIED).build(),
                    "node-b",
                    T0,
                    Optional.empty(),
                    "node-b",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
    store.renewClaim(opened, "node-a", T0.plusSeconds(1), CLAIM);
    VerificationCase saved =
        store.save(
            opened,
            opened.toBuilder().state(CaseState.NOTIFIED).build(),
            "node-a",
            T0.plusSeconds(1),
            Optional.empty(),
            "node-a",
            Optional.empty());
    assertThat(saved.state()).isEqualTo(CaseState.NOTIFIED);
    assertThat(saved.claim()).isEmpty();
  }

  @Test
  void anAttemptOpenedAlreadyIsNotOpenedAgainClaimed() {
    VerificationCase first = newCase("HD-1", 1);
    VerificationCase twin = newCase("HD-1", 1);
    store.insert(first, "node-b", "");

    assertThat(store.insertClaimed(twin, "node-a", T0, CLAIM, "node-a", "")).isEmpty();

    assertThat(store.casesOf(first.ticket())).containsExactly(first);
    assertThat(store.history(twin.id())).isEmpty();
    assertThat(claimOne("node-b", T0).id()).isEqualTo(first.id());
  }

  @Test
  void aCaseOpenedClaimedIsFreedWhenItsOpenerRestarts() {
    store.startNode("node-a", T0);
    VerificationCase opened =
        store.insertClaimed(newCase("HD-1", 1), "node-a", T0, CLAIM, "node-a", "").orElseThrow();

    assertThat(store.startNode("node-a", T0.plusSeconds(3))).isEqualTo(1);

    assertThat(claimOne("node-a", T0.plusSeconds(3)).stepAttempts()).isEqualTo(2);
    assertThatThrownBy(() -> store.renewClaim(opened, "node-a", T0.plusSeconds(4), CLAIM))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void aCaseOpenedClaimedByANodeThatFellSilentIsTakenOverAndItsWritesRefused() {
    Duration silence = Duration.ofSeconds(20);
    store.startNode("node-a", T0);
    store.startNode("node-b", T0);
    VerificationCase opened =
        store.insertClaimed(newCase("HD-1", 1), "node-a", T0, CLAIM, "node-a", "").orElseThrow();
    store.heartbeat("node-b", T0.plusSeconds(21));

    var taken = store.takeOverSilentNodes("node-b", T0.plusSeconds(21), silence);

    assertThat(taken).containsExactly(java.util.Map.entry("node-a", 1));
    VerificationCase resumed = claimOne("node-b", T0.plusSeconds(21));
    assertThat(resumed.id()).isEqualTo(opened.id());
    // Claimed twice now: its step may have had its side effect and checks before repeating it.
    assertThat(resumed.stepAttempts()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                store.save(
                    opened,
                    opened.toBuilder().state(CaseState.NOTIFIED).build(),
                    "node-a",
                    T0.plusSeconds(22),
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void deliveredMarksAreKeptUntilForgottenBehindTheWatermark() {
    store.recordDelivered(
        "jira",
        List.of(
            new com.helpdeskverify.core.ScanMark("HD-1", T0),
            new com.helpdeskverify.core.ScanMark("HD-2", T0.plusSeconds(60))),
        T0.minusSeconds(3600));
    store.recordDelivered(
        "jira",
        List.of(new com.helpdeskverify.core.ScanMark("HD-2", T0.plusSeconds(60))),
        T0.plusSeconds(1));

    assertThat(store.delivered("jira", T0.minusSeconds(3600)))
        .containsExactly(new com.helpdeskverify.core.ScanMark("HD-2", T0.plusSeconds(60)));
    assertThat(store.delivered("servicenow", T0.minusSeconds(3600))).isEmpty();
  }

  @Test
  void saveOverAnOutdatedVersionIsRefusedEvenForTheHolder() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase claimed = claimOne("node-a", T0);
    store.save(
        claimed,
        claimed.toBuilder().state(CaseState.NOTIFIED).providerUserId("u1").build(),
        "node-a",
        T0,
        Optional.of(CLAIM),
        "node-a",
        Optional.of("notice posted"));

    assertThatThrownBy(
            () ->
                store.save(
                    claimed,
                    claimed.toBuilder().state(CaseState.ESCALATING).build(),
                    "node-a",
                    T0,
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(ClaimLost.class);
  }

  @Test
  void movesTheLifecycleDoesNotAllowAreRefused() {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase claimed = claimOne("node-a", T0);

    assertThatThrownBy(
            () ->
                store.save(
                    claimed,
                    claimed.toBuilder().state(CaseState.EXECUTE_REQUESTED).build(),
                    "node-a",
                    T0,
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DETECTED to EXECUTE_REQUESTED");
    assertThat(store.find(claimed.id()).orElseThrow().state()).isEqualTo(CaseState.DETECTED);
  }

  @Test
  void approvalIsRefusedForACaseWithoutAPushOfItsOwn() {
    VerificationCase c = walkTo(CaseState.PUSH_SENDING);
    VerificationCase challengedWithoutPush = forceState(c);

    assertThatThrownBy(
            () ->
                store.save(
                    challengedWithoutPush,
                    challengedWithoutPush.toBuilder().state(CaseState.APPROVED).build(),
                    "node-a",
                    T0,
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a push");
  }

  @Test
  void approvalCannotSwapInAnotherPush() {
    VerificationCase c = walkTo(CaseState.CHALLENGED);
    Challenge other =
        new Challenge(new PushHandle("someone-elses"), T0.plusSeconds(60), Optional.empty());

    assertThatThrownBy(
            () ->
                store.save(
                    c,
                    c.toBuilder().state(CaseState.APPROVED).challenge(other).build(),
                    "node-a",
                    T0,
                    Optional.empty(),
                    "node-a",
                    Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("its own push");
  }

  @Test
  void historyKeepsEveryMoveWithWhoWhenAndWhy() {
    VerificationCase c = walkTo(CaseState.CHALLENGED);

    List<HistoryEntry> history = store.history(c.id());

    assertThat(history)
        .extracting(HistoryEntry::to)
        .containsExactly(
            CaseState.DETECTED, CaseState.NOTIFIED, CaseState.PUSH_SENDING, CaseState.CHALLENGED);
    assertThat(history.get(1).from()).contains(CaseState.DETECTED);
    assertThat(history.get(1).actor()).isEqualTo("node-a");
    assertThat(history.get(1).detail()).isEqualTo("to NOTIFIED");
    assertThat(history.get(3).at()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void terminalCasesAreNeverDueAgain() {
    VerificationCase c = walkTo(CaseState.CHALLENGED);
    VerificationCase denied =
        save(
            c, c.toBuilder().state(CaseState.DENIED).reason(new Reason(ReasonCode.DENIED, "")), 10);
    save(denied, denied.toBuilder().state(CaseState.REJECTED), 11);

    assertThat(store.claimDue("node-a", T0.plus(Duration.ofDays(1)), CLAIM, 10)).isEmpty();
    assertThat(store.activeCount()).isZero();
    assertThat(store.countByState()).containsEntry(CaseState.REJECTED, 1L);
  }

  @Test
  void nudgeMakesTheCaseWaitingOnThatPushDueNow() {
    VerificationCase c = walkTo(CaseState.CHALLENGED);
    store.save(
        c,
        c.toBuilder().nextActionAt(T0.plusSeconds(60)).build(),
        "node-a",
        T0.plusSeconds(4),
        Optional.empty(),
        "node-a",
        Optional.empty());

    assertThat(store.nudgePush("duo", "other-push", T0.plusSeconds(5))).isFalse();
    assertThat(store.nudgePush("okta", "tx-1", T0.plusSeconds(5))).isFalse();
    assertThat(store.nudgePush("duo", "tx-1", T0.plusSeconds(5))).isTrue();

    assertThat(store.claimDue("node-b", T0.plusSeconds(5), CLAIM, 10)).hasSize(1);
  }

  @Test
  void nudgeLeavesAClaimedCaseToItsHolder() {
    VerificationCase c = walkTo(CaseState.CHALLENGED);

    assertThat(store.nudgePush("duo", "tx-1", T0.plusSeconds(5))).isFalse();
    assertThat(store.find(c.id()).orElseThrow().version()).isEqualTo(c.version());
  }

  @Test
  void watermarkOnlyMovesForward() {
    assertThat(store.watermark("jira")).isEmpty();
    Watermark w1 = new Watermark(T0, "HD-5");
    store.saveWatermark("jira", w1, T0);
    store.saveWatermark("jira", new Watermark(T0, "HD-4"), T0);
    store.saveWatermark("jira", Watermark.at(T0.minusSeconds(1)), T0);
    assertThat(store.watermark("jira")).contains(w1);

    Watermark w2 = new Watermark(T0.plusSeconds(1), "HD-1");
    store.saveWatermark("jira", w2, T0);
    assertThat(store.watermark("jira")).contains(w2);
    assertThat(store.watermark("servicenow")).isEmpty();
  }

  @Test
  void initialWatermarkIsStoredOnlyWhileNoneIs() {
    Watermark firstStart = Watermark.at(T0.minusSeconds(60));
    assertThat(store.initWatermark("jira", firstStart, T0)).isTrue();
    assertThat(store.initWatermark("jira", Watermark.at(T0.plusSeconds(60)), T0)).isFalse();
    assertThat(store.watermark("jira")).contains(firstStart);

    Watermark older = Watermark.at(T0.minusSeconds(3600));
    store.saveWatermark("servicenow", older, T0);
    assertThat(store.initWatermark("servicenow", Watermark.at(T0), T0)).isFalse();
    assertThat(store.watermark("servicenow")).contains(older);
  }

  /** Inserts a case and moves it, as node-a, one state per second up to {@code target}. */
  VerificationCase walkTo(CaseState target) {
    store.insert(newCase("HD-1", 1), "n", "");
    VerificationCase c = claimOne("node-a", T0);
    List<CaseState> path =
        List.of(CaseState.NOTIFIED, CaseState.PUSH_SENDING, CaseState.CHALLENGED);
    int second = 1;
    for (CaseState s : path) {
      VerificationCase.Builder next = c.toBuilder().state(s);
      if (s == CaseState.NOTIFIED) {
        next.providerUserId("u-1");
      }
      if (s == CaseState.CHALLENGED) {
        next.challenge(
            new Challenge(new PushHandle("tx-1"), T0.plusSeconds(183), Optional.of("42")));
      }
      c = save(c, next, second++);
      if (s == target) {
        break;
      }
    }
    return c;
  }

  /** A case of its own ticket waiting on a push that expires at {@code deadline}, due at once. */
  void pendingPush(String key, Instant deadline) {
    pendingPush(key, deadline, T0.plusSeconds(60));
  }

  /** A pending push of its own ticket, due at {@code due} and held by nobody. */
  void pendingPush(String key, Instant deadline, Instant due) {
    pendingPush(key, deadline, due, "duo");
  }

  /** The same, sent by {@code provider}. */
  void pendingPush(String key, Instant deadline, Instant due, String provider) {
    VerificationCase c = opened(key);
    c =
        save(
            c,
            c.toBuilder().state(CaseState.NOTIFIED).provider(provider).providerUserId("u-" + key),
            1);
    c = save(c, c.toBuilder().state(CaseState.PUSH_SENDING), 2);
    c =
        save(
            c,
            c.toBuilder()
                .state(CaseState.CHALLENGED)
                .challenge(new Challenge(new PushHandle("tx-" + key), deadline, Optional.empty()))
                .nextActionAt(due),
            3);
    store.save(c, c, "node-a", T0.plusSeconds(4), Optional.empty(), "node-a", Optional.empty());
  }

  /** The tickets of the cases node-b claims at {@code T0 + 100 s}, in the order it claims them. */
  List<String> claimedKeys(int limit) {
    return store.claimDue("node-b", T0.plusSeconds(100), CLAIM, limit).stream()
        .map(c -> c.ticket().key())
        .toList();
  }

  /** A new case of its own ticket, due at {@code at} and held by nobody. */
  void dueAt(String key, Instant at) {
    VerificationCase c = opened(key);
    store.save(
        c,
        c.toBuilder().nextActionAt(at).build(),
        "node-a",
        T0,
        Optional.empty(),
        "node-a",
        Optional.empty());
  }

  /** A case of its own ticket with its push target, ready to reserve a push. */
  VerificationCase notified(String key, String pushTarget) {
    VerificationCase c = opened(key);
    return save(c, c.toBuilder().state(CaseState.NOTIFIED).providerUserId(pushTarget), 1);
  }

  Optional<VerificationCase> sending(VerificationCase c, Instant at, int limit) {
    return store.saveWithinPushBudget(
        c,
        c.toBuilder().state(CaseState.PUSH_SENDING).build(),
        "node-a",
        at,
        CLAIM,
        limit,
        Duration.ofHours(1));
  }

  private VerificationCase opened(String key) {
    return store.insertClaimed(newCase(key, 1), "node-a", T0, CLAIM, "n", "").orElseThrow();
  }

  VerificationCase save(VerificationCase c, VerificationCase.Builder next, int second) {
    VerificationCase n = next.build();
    return store.save(
        c,
        n,
        "node-a",
        T0.plusSeconds(second),
        Optional.of(CLAIM),
        "node-a",
        Optional.of("to " + n.state()));
  }

  /**
   * A CHALLENGED case that, by a bug elsewhere, has no push: the store must still refuse approval.
   */
  private VerificationCase forceState(VerificationCase pushSending) {
    VerificationCase raw =
        new VerificationCase(
            pushSending.id(),
            pushSending.ticket(),
            pushSending.attempt(),
            pushSending.requester(),
            pushSending.openedBy(),
            pushSending.fingerprint(),
            pushSending.classification(),
            pushSending.language(),
            pushSending.provider(),
            CaseState.CHALLENGED,
            pushSending.providerUserId(),
            Optional.empty(),
            Optional.empty(),
            pushSending.nextActionAt(),
            pushSending.ticketCheckedAt(),
            0,
            pushSending.stepAttempts(),
            pushSending.claim(),
            pushSending.version(),
            pushSending.createdAt(),
            pushSending.updatedAt());
    return store.save(
        pushSending,
        raw,
        "node-a",
        T0.plusSeconds(5),
        Optional.of(CLAIM),
        "node-a",
        Optional.empty());
  }
}
