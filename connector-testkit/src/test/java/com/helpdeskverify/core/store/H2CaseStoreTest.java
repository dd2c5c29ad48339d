package com.helpdeskverify.core.store;

import com.helpdeskverify.testkit.TestDatabase;

class H2CaseStoreTest extends CaseStoreContract {
  @Override
  TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
