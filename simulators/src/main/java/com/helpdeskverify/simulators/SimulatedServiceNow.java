package com.helpdeskverify.simulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The ServiceNow Table API ({@code /api/now/table/...}) over in-memory tables: {@code incident},
 * {@code sys_user}, {@code sys_user_group} and {@code sys_journal_field}, with the encoded-query
 * operators the adapter uses ({@code =}, {@code !=}, {@code >=}, {@code <=}, {@code IN}, {@code ^},
 * {@code ORDERBY}, {@code ORDERBYDESC}), dot-walked fields, offset paging with a {@code Link}
 * header, and journal entries for {@code comments} and {@code work_notes}.
 */
public final class SimulatedServiceNow extends SimulatedApi {
  private static final DateTimeFormatter GLIDE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String PREFIX = "/api/now/table/";

  private final Clock clock;
  private final Map<String, List<Map<String, String>>> tables = new HashMap<>();
  private int numbers = 10000;
  private Supplier<String> ids = () -> UUID.randomUUID().toString().replace("-", "");
  private Runnable beforeList = () -> {};

  public SimulatedServiceNow(Clock clock) throws IOException {
    this.clock = clock;
    for (String t : List.of("incident", "sys_user", "sys_user_group", "sys_journal_field")) {
      tables.put(t, new ArrayList<>());
    }
  }

  /** From now on, new sys_ids come from {@code random}, so that a seeded run repeats itself. */
  public synchronized void sysIdsFrom(RandomGenerator random) {
    ids = () -> String.format("%016x%016x", random.nextLong(), random.nextLong());
  }

  /**
   * Runs {@code action} before each list of a table is answered, under this simulator's lock: tests
   * change records between page reads with it. An exception it throws fails the read.
   */
  public synchronized void beforeList(Runnable action) {
    beforeList = action;
  }

  /** An agent edits the record: a new update stamp. */
  public synchronized void touch(String table, String sysId) {
    find(table, sysId).orElseThrow().put("sys_updated_on", GLIDE.format(clock.instant()));
  }

  /**
   * A technician sets a field (such as {@code state}, or {@code u_verify_identity = true} to ask
   * for verification) from the record's form, which stamps a new update time.
   */
  public synchronized void update(String table, String sysId, String field, String value) {
    Map<String, String> record = find(table, sysId).orElseThrow();
    record.put(field, value);
    record.put("sys_updated_on", GLIDE.format(clock.instant()));
  }

  /** An administrator deletes the record. */
  public synchronized void delete(String table, String sysId) {
    tables.get(table).removeIf(m -> sysId.equals(m.get("sys_id")));
  }

  /** The records of a table whose field has the value: sys_id and sys_updated_on. */
  public synchronized Map<String, String> where(String table, String field, String value) {
    Map<String, String> found = new LinkedHashMap<>();
    tables.get(table).stream()
        .filter(m -> value.equals(m.get(field)))
        .forEach(m -> found.put(m.get("sys_id"), m.get("sys_updated_on")));
    return found;
  }

  public synchronized String user(String name, String email) {
    String id = sysId();
    tables
        .get("sys_user")
        .add(
            new HashMap<>(
                Map.of(
                    "sys_id",
                    id,
                    "name",
                    name,
                    "email",
                    email,
                    "user_name",
                    email.substring(0, email.indexOf('@')))));
    return id;
  }

  public synchronized void group(String name) {
    tables.get("sys_user_group").add(new HashMap<>(Map.of("sys_id", sysId(), "name", name)));
  }

  /** Files an incident as the caller, the way the service portal does. */
  public synchronized String incident(
      String callerId, String shortDescription, String description) {
    String id = sysId();
    String now = GLIDE.format(clock.instant());
    Map<String, String> r = new HashMap<>();
    r.putAll(
        Map.of(
            "sys_id", id,
            "number", "INC00" + (++numbers),
            "short_description", shortDescription,
            "description", description,
            "caller_id", callerId,
            "opened_by", callerId,
            "state", "1",
            "active", "true"));
    r.put("sys_created_on", now);
    r.put("sys_updated_on", now);
    // The instance stamps the User ID of the session that inserted the record.
    r.put("sys_created_by", value(Map.of("u", callerId), "u.user_name"));
    tables.get("incident").add(r);
    return id;
  }

  /**
   * An agent logs a phone call as an incident for the caller: the agent's session inserts it
   * ({@code sys_created_by}) and {@code opened_by} names the agent.
   */
  public synchronized String incidentOnBehalf(
      String callerId, String openedById, String shortDescription, String description) {
    String id = incident(callerId, shortDescription, description);
    set("incident", id, "opened_by", openedById);
    set("incident", id, "sys_created_by", value(Map.of("u", openedById), "u.user_name"));
    return id;
  }

  /** Sets a field the way an admin edits a record in place, without a new update stamp. */
  public synchronized void set(String table, String sysId, String field, String value) {
    find(table, sysId).orElseThrow().put(field, value);
  }

  /** The caller edits the incident's description (the instance stamps it updated). */
  public synchronized void edit(String sysId, String description) {
    Map<String, String> r = find("incident", sysId).orElseThrow();
    r.put("description", description);
    r.put("sys_updated_on", GLIDE.format(clock.instant()));
  }

  public synchronized Map<String, String> record(String table, String sysId) {

    return find(table, sysId).map(Map::copyOf).orElseThrow();
  }

  /** A user adds a comment to an incident's journal (the portal, or an e-mail reply). */
  public synchronized void commentAs(String userName, String sysId, String text) {
    tables
        .get("sys_journal_field")
        .add(
            new HashMap<>(
                Map.of(
                    "sys_id",
                    sysId(),
                    "element_id",
                    sysId,
                    "name",
                    "incident",
                    "element",
                    "comments",
                    "value",
                    text,
                    "sys_created_on",
                    GLIDE.format(clock.instant()),
                    "sys_created_by",
                    userName)));
  }

  /** The user name of a basic-authenticated request, as the instance stamps its writes. */
  private static String userName(Request r) {
    String auth = r.authorization();
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String pair =
          new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? pair : pair.substring(0, colon);
    }
    return "guest";
  }

  /** The journal of a record, oldest first: element and text. */
  public synchronized List<Map<String, String>> journal(String sysId) {
    return tables.get("sys_journal_field").stream()
        .filter(j -> j.get("element_id").equals(sysId))
        .map(Map::copyOf)
        .toList();
  }

  @Override
  synchronized Response answer(Request r) {
    if (!r.path().startsWith(PREFIX)) {
      return error(400, "Requested URI does not represent any resource");
    }
    String[] parts = r.path().substring(PREFIX.length()).split("/");
    List<Map<String, String>> table = tables.get(parts[0]);
    if (table == null) {
      return error(400, "Invalid table " + parts[0]);
    }
    String fields = r.query().getOrDefault("sysparm_fields", "");
    if (parts.length == 1 && r.method().equals("GET")) {
      return list(parts[0], table, r, fields);
    }
    Optional<Map<String, String>> record = find(parts[0], parts.length > 1 ? parts[1] : "");
    if (record.isEmpty()) {
      return error(404, "No Record found");
    }
    if (r.method().equals("PATCH") || r.method().equals("PUT")) {
      patch(parts[0], record.get(), r);
    }
    return Response.json(Map.of("result", project(record.get(), fields)));
  }

  private Response list(String name, List<Map<String, String>> table, Request r, String fields) {
    beforeList.run();
    List<Predicate<Map<String, String>>> conditions = new ArrayList<>();
    List<Comparator<Map<String, String>>> order = new ArrayList<>();
    String query = r.query().getOrDefault("sysparm_query", "");
    for (String term : query.isEmpty() ? new String[0] : query.split("\\^")) {
      if (term.startsWith("ORDERBYDESC")) {
        String f = term.substring(11);
        order.add(Comparator.comparing((Map<String, String> m) -> value(m, f)).reversed());
      } else if (term.startsWith("ORDERBY")) {
        String f = term.substring(7);
        order.add(Comparator.comparing(m -> value(m, f)));
      } else {
        conditions.add(condition(term));
      }
    }
    List<Map<String, String>> matching =
        table.stream().filter(m -> conditions.stream().allMatch(c -> c.test(m))).toList();
    if (!order.isEmpty()) {
      matching =
          matching.stream().sorted(order.stream().reduce(Comparator::thenComparing).get()).toList();
    }
    int limit = Integer.parseInt(r.query().getOrDefault("sysparm_limit", "10000"));
    int offset = Integer.parseInt(r.query().getOrDefault("sysparm_offset", "0"));
    List<Map<String, String>> page =
        matching.subList(
            Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Total-Count", Integer.toString(matching.size()));
    if (offset + limit < matching.size()) {
      headers.put(
          "Link",
          "<"
              + baseUrl()
              + PREFIX.substring(1)
              + name
              + "?sysparm_offset="
              + (offset + limit)
              + "&sysparm_limit="
              + limit
              + ">;rel=\"next\"");
    }
    return new Response(
        200, Map.of("result", page.stream().map(m -> project(m, fields)).toList()), headers);
  }

  private Predicate<Map<String, String>> condition(String term) {
    for (String op : List.of(">=", "<=", "!=", "IN", "=")) {
      int at = term.indexOf(op);
      if (at > 0) {
        String field = term.substring(0, at);
        String expected = term.substring(at + op.length());
        return switch (op) {
          case ">=" -> m -> value(m, field).compareTo(expected) >= 0;
          case "<=" -> m -> value(m, field).compareTo(expected) <= 0;
          case "!=" -> m -> !value(m, field).equals(expected);
          case "IN" -> m -> Arrays.asList(expected.split(",")).contains(value(m, field));
          default -> m -> value(m, field).equals(expected);
        };
      }
    }
    throw new IllegalArgumentException("unsupported query term " + term);
  }

  /** A field's raw value; {@code ref.field} reads through a reference to sys_user or a group. */
  private String value(Map<String, String> record, String field) {
    int dot = field.indexOf('.');
    if (dot < 0) {
      return record.getOrDefault(field, "");
    }
    String ref = record.getOrDefault(field.substring(0, dot), "");
    return find("sys_user", ref)
        .or(() -> find("sys_user_group", ref))
        .map(target -> value(target, field.substring(dot + 1)))
        .orElse("");
  }

  private Map<String, String> project(Map<String, String> record, String fields) {
    Map<String, String> out = new LinkedHashMap<>();
    if (fields.isEmpty()) {
      out.putAll(record);
      return out;
    }
    for (String f : fields.split(",")) {
      out.put(f, value(record, f));
    }
    return out;
  }

  private void patch(String table, Map<String, String> record, Request r) {
    Map<String, Object> values;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue(r.body(), Map.class);
      values = parsed;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON body");
    }
    String now = GLIDE.format(clock.instant());
    values.forEach(
        (k, v) -> {
          String text = String.valueOf(v);
          if (k.equals("comments") || k.equals("work_notes")) {
            tables
                .get("sys_journal_field")
                .add(
                    new HashMap<>(
                        Map.of(
                            "sys_id",
                            sysId(),
                            "element_id",
                            record.get("sys_id"),
                            "name",
                            table,
                            "element",
                            k,
                            "value",
                            text,
                            "sys_created_on",
                            now,
                            "sys_created_by",
                            userName(r))));
          } else {
            record.put(k, text);
          }
        });
    if (List.of("6", "7", "8").contains(record.get("state"))) {
      record.put("active", "false");
    }
    record.put("sys_updated_on", now);
  }

  private Optional<Map<String, String>> find(String table, String sysId) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(m -> sysId.equals(m.get("sys_id")))
        .findFirst();
  }

  private static Response error(int status, String message) {
    return new Response(
        status,
        Map.of("error", Map.of("message", message, "detail", ""), "status", "failure"),
        Map.of());
  }

  private String sysId() {
    return ids.get();
  }
}
