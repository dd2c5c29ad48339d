package com.helpdeskverify.providers.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FactoriesTest {
  @Test
  void serviceLoaderFindsTheIncodeAndTracelessFactories() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("incode", "traceless");
  }

  @Test
  void everySettingIsDocumented() {
    ServiceLoader.load(PushProviderFactory.class)
        .forEach(
            f ->
                f.config()
                    .settings()
                    .forEach(s -> assertThat(s.doc()).as(f.type() + "." + s.name()).isNotBlank()));
  }
}
