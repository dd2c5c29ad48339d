package com.helpdeskverify.scheduler;

import com.helpdeskverify.core.PushHandle;
import com.helpdeskverify.core.config.ConfigDef;
import com.helpdeskverify.core.config.ConfigValues;
import com.helpdeskverify.core.spi.InboundWebhook;
import com.helpdeskverify.core.spi.IntegrationContext;
import com.helpdeskverify.core.spi.PushProvider;
import com.helpdeskverify.core.spi.PushProviderFactory;
import com.helpdeskverify.core.spi.TicketSystem;
import com.helpdeskverify.core.spi.TicketSystemFactory;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.core.spi.WebhookOutcome;
import com.helpdeskverify.core.spi.WebhookReceiver;
import com.helpdeskverify.http.ConstantTime;
import com.helpdeskverify.testkit.CallHook;
import com.helpdeskverify.testkit.SimulatedPushProvider;
import com.helpdeskverify.testkit.SimulatedTicketSystem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Factories of the in-memory simulations, registered for the scheduler's tests only (test
 * META-INF/services), so tests can run the real service without any external system. Tests reach
 * the created instances by id.
 */
public final class SimulatedFactories {
  public static final Map<String, SimulatedTicketSystem> SYSTEMS = new ConcurrentHashMap<>();
  public static final Map<String, SimulatedPushProvider> PROVIDERS = new ConcurrentHashMap<>();

  /** Ids of ticket systems created from now on whose every call fails as if they were down. */
  public static final Set<String> UNREACHABLE = ConcurrentHashMap.newKeySet();

  /**
   * Ids of ticket systems created from now on whose scans are deferred by their rate limit (a 429
   * that names its wait); {@link #THROTTLED_SCANS} counts the attempts.
   */
  public static final Set<String> THROTTLED = ConcurrentHashMap.newKeySet();

  public static final java.util.concurrent.atomic.AtomicInteger THROTTLED_SCANS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Ids of ticket systems created from now on whose every call hangs until {@link #RELEASE}. */
  public static final Set<String> HANGING = ConcurrentHashMap.newKeySet();

  public static final java.util.concurrent.CountDownLatch RELEASE =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * Ticket systems created from now on, by id, whose every call made on one of the service's
   * workers (Quartz's {@code hv-workers} threads) waits until the gate opens: the workers are all
   * busy, while calls from anywhere else go through.
   */
  public static final Map<String, WorkerGate> WORKERS_HELD = new ConcurrentHashMap<>();

  /** Holds the workers' calls until {@link #open}; counts the calls held. */
  public static final class WorkerGate {
    private final java.util.concurrent.CountDownLatch opened =
        new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger held =
        new java.util.concurrent.atomic.AtomicInteger();

    /** How many calls wait at the gate now. */
    public int held() {
      return held.get();
    }

    public void open() {
      opened.countDown();
    }

    CallHook hook() {
      return new CallHook() {
        @Override
        public <T> T call(String operation, Supplier<T> effect) {
          if (Thread.currentThread().getName().startsWith("hv-workers-")) {
            held.incrementAndGet();
            try {
              opened.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              held.decrementAndGet();
            }
          }
          return effect.get();
        }
      };
    }
  }

  private SimulatedFactories() {}

  public static final class Tickets implements TicketSystemFactory {
    @Override
    public String type() {
      return "simulated";
    }

    @Override
    public ConfigDef config() {
      return new ConfigDef().string("label", "simulated", "a name for logs");
    }

    @Override
    public TicketSystem create(String id, ConfigValues config, IntegrationContext context) {
      SimulatedTicketSystem system =
          new SimulatedTicketSystem(
              id,
              context.clock(),
              WORKERS_HELD.containsKey(id)
                  ? WORKERS_HELD.get(id).hook()
                  : UNREACHABLE.contains(id)
                      ? down(id)
                      : HANGING.contains(id)
                          ? hang()
                          : THROTTLED.contains(id) ? throttled(id) : CallHook.direct());
      SYSTEMS.put(id, system);
      return system;
    }
  }

  private static CallHook hang() {
    return new CallHook() {
      @Override
      public <T> T call(String operation, Supplier<T> effect) {
        try {
          RELEASE.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return effect.get();
      }
    };
  }

  private static CallHook throttled(String id) {
    return new CallHook() {
      @Override
      public <T> T call(String operation, Supplier<T> effect) {
        if (!operation.endsWith(".findChanged")) {
          return effect.get();
        }
        THROTTLED_SCANS.incrementAndGet();
        throw TransientFailure.deferred(
            id, operation, "HTTP 429 (Retry-After 30s)", Duration.ofSeconds(30));
      }
    };
  }

  private static CallHook down(String id) {
    return new CallHook() {
      @Override
      public <T> T call(String operation, Supplier<T> effect) {
        throw new TransientFailure(
            id, operation, "connection refused", Optional.empty(), false, null);
      }
    };
  }

  public static final class Push implements PushProviderFactory {
    @Override
    public String type() {
      return "simulated-push";
    }

    @Override
    public ConfigDef config() {
      return new ConfigDef()
          .duration("timeout", Duration.ofSeconds(8), "how long a push stays answerable")
          .optionalSecret("webhook-secret", "shared secret of the result webhook");
    }

    @Override
    public PushProvider create(String id, ConfigValues config, IntegrationContext context) {
      SimulatedPushProvider provider =
          new SimulatedPushProvider(id, config.duration("timeout"), CallHook.direct());
      PROVIDERS.put(id, provider);
      Optional<String> secret = config.optionalSecret("webhook-secret").map(s -> s.reveal());
      return secret.isEmpty() ? provider : new WithWebhook(provider, secret.get());
    }
  }

  /** A simulated provider that also takes result webhooks carrying a shared secret. */
  private static final class WithWebhook implements PushProvider {
    private final SimulatedPushProvider delegate;
    private final String secret;

    WithWebhook(SimulatedPushProvider delegate, String secret) {
      this.delegate = delegate;
      this.secret = secret;
    }

    @Override
    public boolean paused() {
      return delegate.paused();
    }

    @Override
    public Optional<WebhookReceiver> webhookReceiver() {
      return Optional.of(
          new WebhookReceiver() {
            @Override
            public String route() {
              return "simulated/" + delegate.id();
            }

            @Override
            public WebhookOutcome receive(InboundWebhook request) {
              if (!ConstantTime.equals(request.header("x-secret").orElse(""), secret)) {
                return new WebhookOutcome.Rejected(401, "bad secret");
              }
              String push = new String(request.body(), StandardCharsets.UTF_8).strip();
              return new WebhookOutcome.Accepted(List.of(new PushHandle(push)), List.of());
            }
          });
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public Duration pushTimeout() {
      return delegate.pushTimeout();
    }

    @Override
    public com.helpdeskverify.core.spi.UserLookup lookup(com.helpdeskverify.core.Requester r) {
      return delegate.lookup(r);
    }

    @Override
    public com.helpdeskverify.core.spi.PushStart startPush(
        com.helpdeskverify.core.spi.PushRequest r) {
      return delegate.startPush(r);
    }

    @Override
    public com.helpdeskverify.core.spi.PushStatus status(PushHandle push) {
      return delegate.status(push);
    }
  }
}
