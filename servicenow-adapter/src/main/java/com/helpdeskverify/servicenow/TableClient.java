package com.helpdeskverify.servicenow;

import com.helpdeskverify.core.TicketRef;
import com.helpdeskverify.core.spi.PermanentFailure;
import com.helpdeskverify.core.spi.TransientFailure;
import com.helpdeskverify.http.Calls;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import retrofit2.Response;

/**
 * The Table API calls of one instance as scan, journal and moves make them: each after the OAuth
 * token is ready, with raw values, and failures named by the system and the call.
 */
final class TableClient {
  static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String RAW = "false";

  /** A ticket's table settings and the record's sys_id. */
  record Target(TableSettings table, String sysId) {}

  /** One page of a list, and whether more may follow. */
  record Listed(List<SnRecord> records, boolean hasNext) {}

  private final String id;
  private final ServiceNowSettings settings;
  private final TableApi api;
  private final Optional<OAuthTokens> tokens;

  TableClient(String id, ServiceNowSettings settings, TableApi api, Optional<OAuthTokens> tokens) {
    this.id = Objects.requireNonNull(id, "id");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.api = Objects.requireNonNull(api, "api");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  String system() {
    return id;
  }

  /** The configured table and the sys_id a key {@code <table>:<sys_id>} of this system names. */
  Target target(TicketRef ref) {
    if (!ref.system().equals(id)) {
      throw new IllegalArgumentException(ref + " is not a ticket of " + id);
    }
    int colon = ref.key().indexOf(':');
    String table = colon < 0 ? "" : ref.key().substring(0, colon);
    String sysId = colon < 0 ? "" : ref.key().substring(colon + 1);
    TableSettings settingsOfTable =
        settings
            .table(table)
            .orElseThrow(
                () ->
                    new PermanentFailure(
                        id,
                        "resolve " + ref.key(),
                        "table '" + table + "' is not configured for " + id,
                        null));
    if (!SYS_ID.matcher(sysId).matches()) {
      throw new IllegalArgumentException(ref + " does not name a record as <table>:<sys_id>");
    }
    return new Target(settingsOfTable, sysId);
  }

  static String listCall(String table) {
    return "GET /api/now/table/" + table;
  }

  /**
   * One page of a list. More follow when the {@code Link} header has {@code rel="next"}: ACLs can
   * drop records from a full page, so a short page does not prove the end. Without a {@code Link}
   * header, a full page is taken to mean more may follow.
   */
  Listed list(String table, String query, String fields, int limit, int offset) {
    String call = listCall(table);
    prepare();
    Response<RecordList> response =
        Calls.run(api.list(table, query, fields, limit, offset, RAW, true), id, call);
    if (!response.isSuccessful()) {
      throw Calls.failure(response, id, call);
    }
    if (response.body() == null) {
      throw malformed(call, "result");
    }
    List<SnRecord> records = response.body().records();
    List<String> links = response.headers().values("Link");
    boolean next =
        links.isEmpty()
            ? records.size() >= limit
            : links.stream().anyMatch(l -> l.contains("rel=\"next\""));
    return new Listed(records, next);
  }

  /** One record; empty on 404, which the Table API also answers for records an ACL hides. */
  Optional<SnRecord> get(String table, String sysId, String fields, String call) {
    prepare();
    return Calls.executeOptional(api.get(table, sysId, fields, RAW, true), id, call)
        .map(SingleRecord::record);
  }

  /** Sets the values and answers the record as the instance has it then, with {@code fields}. */
  SingleRecord update(
      String table, String sysId, String fields, Map<String, String> values, String call) {
    prepare();
    return Calls.execute(api.update(table, sysId, fields, RAW, true, values), id, call);
  }

  private void prepare() {
    tokens.ifPresent(OAuthTokens::ensureToken);
  }

  TransientFailure malformed(String call, String field) {
    return Calls.malformed(id, call, "no valid " + field, true);
  }

  PermanentFailure notFound(String call, TicketRef ref) {
    return new PermanentFailure(id, call, ref.key() + " no longer exists or is not readable", null);
  }
}
