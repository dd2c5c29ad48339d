package com.helpdeskverify.providers.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.helpdeskverify.core.spi.PushProviderFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module's factories are found by their own service file, with no line added elsewhere. */
class EntraFactoriesTest {
  @Test
  void serviceLoaderFindsTheEntraFactories() {
    assertThat(
            ServiceLoader.load(PushProviderFactory.class).stream()
                .map(p -> p.get().type())
                .toList())
        .contains("entra", "entra-verified-id");
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
