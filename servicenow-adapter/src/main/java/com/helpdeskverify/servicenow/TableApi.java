package com.helpdeskverify.servicenow;

import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.PATCH;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * The parts of the ServiceNow Table API ({@code /api/now/table}) this adapter uses. Every read asks
 * for raw values ({@code sysparm_display_value=false}: date-times in UTC, references as sys_ids)
 * without reference links, and only the fields it reads.
 */
interface TableApi {
  String JSON = "Accept: application/json";

  @Headers(JSON)
  @GET("api/now/table/{table}")
  Call<RecordList> list(
      @Path("table") String table,
      @Query("sysparm_query") String query,
      @Query("sysparm_fields") String fields,
      @Query("sysparm_limit") int limit,
      @Query("sysparm_offset") int offset,
      @Query("sysparm_display_value") String displayValue,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink);

  @Headers(JSON)
  @GET("api/now/table/{table}/{sys_id}")
  Call<SingleRecord> get(
      @Path("table") String table,
      @Path("sys_id") String sysId,
      @Query("sysparm_fields") String fields,
      @Query("sysparm_display_value") String displayValue,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink);

  /** Updates the named fields only; journal fields given here become new journal entries. */
  @Headers(JSON)
  @PATCH("api/now/table/{table}/{sys_id}")
  Call<SingleRecord> update(
      @Path("table") String table,
      @Path("sys_id") String sysId,
      @Query("sysparm_fields") String fields,
      @Query("sysparm_display_value") String displayValue,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink,
      @Body Map<String, String> values);
}
