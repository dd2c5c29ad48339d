package com.helpdeskverify.testkit;

import java.util.function.Supplier;

/**
 * Sees every call into a simulated ticket system or provider, and may delay it, fail it or stop the
 * process around it. Tests inject faults through it, or pass calls straight through ({@link
 * #direct()}).
 */
public interface CallHook {
  <T> T call(String operation, Supplier<T> effect);

  default void run(String operation, Runnable effect) {
    call(
        operation,
        () -> {
          effect.run();
          return null;
        });
  }

  static CallHook direct() {
    return new CallHook() {
      @Override
      public <T> T call(String operation, Supplier<T> effect) {
        return effect.get();
      }
    };
  }
}
