package com.helpdeskverify.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The nodes working one store, each with a stable identity and a heartbeat: a restarted node frees
 * its own claims at once, and the claims of a node that stopped checking in are taken over.
 */
public interface NodeRegistry {

  /**
   * Registers {@code node} as started at {@code now} and frees every claim an earlier run of it
   * left behind: a restarted node is the same node and knows it is not working anything yet. The
   * freed cases are due at once, and the version each release bumps refuses any write of the
   * earlier run. Returns how many claims were freed.
   */
  int startNode(String node, Instant now);

  /** Records that {@code node} is alive at {@code now}; registers it again if it was forgotten. */
  void heartbeat(String node, Instant now);

  /**
   * Frees the claims of every node other than {@code self} that has not checked in since {@code now
   * - silence}, and forgets those nodes. Each release bumps the case's version, so a node that was
   * only paused finds its claims gone and every write it tries refused: nothing is worked twice.
   * The watches it held on pending pushes ({@link PushWatchStore}) go with it. Returns the nodes
   * taken over, with how many claims each held.
   */
  Map<String, Integer> takeOverSilentNodes(String self, Instant now, Duration silence);
}
