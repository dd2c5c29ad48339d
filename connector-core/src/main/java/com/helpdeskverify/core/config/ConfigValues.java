package com.helpdeskverify.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checked, typed values of one configuration section. */
public final class ConfigValues {
  private final String path;
  private final Map<String, Object> values;

  ConfigValues(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /** Where the section is in the file, for messages. */
  public String path() {
    return path;
  }

  public String string(String name) {
    return get(name, String.class).orElseThrow(() -> missing(name));
  }

  public Optional<String> optionalString(String name) {
    return get(name, String.class);
  }

  public Secret secret(String name) {
    return get(name, Secret.class).orElseThrow(() -> missing(name));
  }

  public Optional<Secret> optionalSecret(String name) {
    return get(name, Secret.class);
  }

  public URI url(String name) {
    return get(name, URI.class).orElseThrow(() -> missing(name));
  }

  public Optional<URI> optionalUrl(String name) {
    return get(name, URI.class);
  }

  public Duration duration(String name) {
    return get(name, Duration.class).orElseThrow(() -> missing(name));
  }

  public int integer(String name) {
    return get(name, Integer.class).orElseThrow(() -> missing(name));
  }

  /** A {@link ConfigDef#rate} in requests per second; 0 when {@code off}. */
  public double rate(String name) {
    return get(name, Double.class).orElseThrow(() -> missing(name));
  }

  public boolean bool(String name) {
    return get(name, Boolean.class).orElseThrow(() -> missing(name));
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    return get(name, List.class).map(l -> (List<String>) l).orElse(List.of());
  }

  public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    return get(name, type).orElseThrow(() -> missing(name));
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String name) {
    return get(name, Map.class).map(m -> (Map<String, Object>) m).orElse(Map.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  private <T> Optional<T> get(String name, Class<T> type) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(
          path + "." + name + " is not declared as " + type.getSimpleName());
    }
    return Optional.of(type.cast(v));
  }

  private IllegalStateException missing(String name) {
    return new IllegalStateException(path + "." + name + " has no value and no default");
  }

  @Override
  public String toString() {
    return path + values;
  }
}
