package com.helpdeskverify.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentEncodingTest {

  @Test
  void unreservedCharactersStayAndEveryOtherByteIsEncoded() {
    assertThat(PercentEncoding.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
    assertThat(PercentEncoding.encode("a@b#c?d/e f+g'h"))
        .isEqualTo("a%40b%23c%3Fd%2Fe%20f%2Bg%27h");
  }

  @Test
  void multiByteCharactersAreEncodedByteByByteInUtf8() {
    assertThat(PercentEncoding.encode("é€")).isEqualTo("%C3%A9%E2%82%AC");
  }
}
