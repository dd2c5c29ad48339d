package com.helpdeskverify.http;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Threads for HTTP calls that the server holds open for a long time (Duo's {@code auth_status} long
 * poll holds until the push is answered, up to its life). OkHttp runs an asynchronous call on a
 * thread of its dispatcher's executor for as long as the call lasts, so every held call holds a
 * thread: with a platform thread, about 0.25 MiB of resident memory each (BENCHMARKS.md, "Footprint
 * at candidate and shipped flags"), which made resident memory follow the number of pending pushes.
 *
 * <p>On Java 24 or later the executor starts a virtual thread per call: a held call parks on its
 * socket and keeps only its few-KiB stack on the heap, so held calls cost no platform thread. Not
 * on Java 21–23: there a virtual thread blocked inside {@code synchronized} pins its carrier thread
 * (JEP 491 removed that in Java 24), and OkHttp 4 takes monitors on its connection paths. On Java
 * 17–23, and when {@code -Dhelpdesk-verify.held-calls=platform} asks for it (to compare the two in
 * one build, BENCHMARKS.md), the executor is OkHttp's own default: a platform thread per call,
 * reused for 60 s. The service is built as Java 17 bytecode, so it finds virtual threads through
 * reflection rather than by linking to them.
 */
public final class HeldCallThreads {
  private static final Logger LOG = Logger.getLogger(HeldCallThreads.class.getName());

  /** The system property that forces platform threads. */
  static final String PROPERTY = "helpdesk-verify.held-calls";

  /** The first Java release whose virtual threads do not pin inside {@code synchronized}. */
  static final int FIRST_UNPINNED_RELEASE = 24;

  private HeldCallThreads() {}

  /** An executor for calls named {@code name}: virtual threads where they serve, see above. */
  public static ExecutorService executor(String name) {
    boolean forced = "platform".equals(System.getProperty(PROPERTY));
    Optional<ExecutorService> virtual =
        forced ? Optional.empty() : virtualThreads(name, Runtime.version().feature());
    if (virtual.isPresent()) {
      LOG.info(() -> name + ": held calls run on virtual threads");
      return virtual.get();
    }
    String why =
        forced
            ? "-D" + PROPERTY + "=platform"
            : "Java "
                + Runtime.version().feature()
                + "; Java "
                + FIRST_UNPINNED_RELEASE
                + " or later runs them on virtual threads";
    LOG.info(() -> name + ": held calls run on platform threads, one per open call (" + why + ")");
    return platformThreads(name);
  }

  static Optional<ExecutorService> virtualThreads(String name, int release) {
    if (release < FIRST_UNPINNED_RELEASE) {
      return Optional.empty();
    }
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder =
          builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-", 0L);
      ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
      return Optional.of(
          (ExecutorService)
              Executors.class
                  .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                  .invoke(null, factory));
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      LOG.warning(() -> name + ": virtual threads unavailable (" + cause + "); platform threads");
      return Optional.empty();
    }
  }

  /** What OkHttp's {@code Dispatcher} uses when given no executor, with names of our own. */
  static ExecutorService platformThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
