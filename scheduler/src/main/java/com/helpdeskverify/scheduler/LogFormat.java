package com.helpdeskverify.scheduler;

/** How the service writes its log. */
public enum LogFormat {
  text,
  json
}
