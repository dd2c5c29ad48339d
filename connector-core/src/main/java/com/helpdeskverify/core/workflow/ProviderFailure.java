package com.helpdeskverify.core.workflow;

import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider's failure, told apart from the ticket system's while it travels up a step: both SPIs
 * throw the same {@link TransientFailure} and {@link PermanentFailure}, but a provider that keeps
 * failing escalates the case, while a failing ticket system is retried or refused.
 */
final class ProviderFailure extends RuntimeException {
  final RuntimeException failure;

  private ProviderFailure(RuntimeException failure) {
    super(failure);
    this.failure = failure;
  }

  /** Makes a provider call; whatever it throws comes out as a {@link ProviderFailure}. */
  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (TransientFailure | PermanentFailure e) {
      throw new ProviderFailure(e);
    } catch (RuntimeException e) {
      // A provider that breaks its contract (a parsing bug, say) is treated as failing, not
      // trusted.
      throw new ProviderFailure(
          new TransientFailure("provider", "call", e.toString(), Optional.empty(), true, e));
    }
  }
}
