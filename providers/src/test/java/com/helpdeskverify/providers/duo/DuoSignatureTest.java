package com.helpdeskverify.providers.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Duo's published signature examples: the Auth/Admin API documentation's example request, and the
 * canonicalization and HMAC vectors of Duo's own reference clients (duo_client_python
 * tests/test_client_sign.py, duo_client_java HttpSignHMACTest).
 */
class DuoSignatureTest {
  private static final String DOC_IKEY = "DIWJ8X6AEYOR5OMC6TQ1";
  private static final String DOC_SKEY = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep";

  /** Keys and values of Duo's unicode canonicalization vector. */
  private static final List<Map.Entry<String, String>> UNICODE_PARAMS =
      List.of(
          Map.entry(
              "\u469a\u287b\u35d0\u8ef3\u6727\u502a\u0810\ud091\u00c8\uc170",
              "\u0f45\u1a76\u341a\u654c\uc23f\u9b09\uabe2\u8343\u1b27\u60d0"),
          Map.entry(
              "\u7449\u7e4b\uccfb\u59ff\ufe5f\u83b7\uadcc\u900c\ucfd1\u7813",
              "\u8db7\u5022\u92d3\u42ef\u207d\u8730\uacfe\u5617\u0946\u4e30"),
          Map.entry(
              "\u7470\u9314\u901c\u9eae\u40d8\u4201\u82d8\u8c70\u1d31\ua042",
              "\u17d9\u0ba8\u9358\uaadf\ua42a\u48be\ufb96\u6fe9\ub7ff\u32f3"),
          Map.entry(
              "\uc2c5\u2c1d\u2620\u3617\u96b3F\u8605\u20e8\uac21\u5934",
              "\ufba9\u41aa\ubd83\u840b\u2615\u3e6e\u652d\ua8b5\ud56bU"));

  private static final String UNICODE_CANONICAL =
      "Fri, 07 Dec 2012 17:18:00 -0000\nPOST\nfoo.bar52.com\n/Foo/BaR2/qux\n"
          + "%E4%9A%9A%E2%A1%BB%E3%97%90%E8%BB%B3%E6%9C%A7%E5%80%AA%E0%A0%90%ED%82%91%C3%88%EC%85%B0"
          + "=%E0%BD%85%E1%A9%B6%E3%90%9A%E6%95%8C%EC%88%BF%E9%AC%89%EA%AF%A2%E8%8D%83%E1%AC%A7%E6%83%90"
          + "&%E7%91%89%E7%B9%8B%EC%B3%BB%E5%A7%BF%EF%B9%9F%E8%8E%B7%EA%B7%8C%E9%80%8C%EC%BF%91%E7%A0%93"
          + "=%E8%B6%B7%E5%80%A2%E9%8B%93%E4%8B%AF%E2%81%BD%E8%9C%B0%EA%B3%BE%E5%98%97%E0%A5%86%E4%B8%B0"
          + "&%E7%91%B0%E9%8C%94%E9%80%9C%E9%BA%AE%E4%83%98%E4%88%81%E8%8B%98%E8%B1%B0%E1%B4%B1%EA%81%82"
          + "=%E1%9F%99%E0%AE%A8%E9%8D%98%EA%AB%9F%EA%90%AA%E4%A2%BE%EF%AE%96%E6%BF%A9%EB%9F%BF%E3%8B%B3"
          + "&%EC%8B%85%E2%B0%9D%E2%98%A0%E3%98%97%E9%9A%B3F%E8%98%85%E2%83%A8%EA%B0%A1%E5%A4%B4"
          + "=%EF%AE%A9%E4%86%AA%EB%B6%83%E8%90%8B%E2%98%95%E3%B9%AE%E6%94%AD%EA%A2%B5%ED%95%ABU";

  @Test
  void documentedExampleRequestGetsDocumentedAuthorizationHeader() {
    String canonical =
        DuoSignature.canonical(
            "Tue, 21 Aug 2012 17:29:18 -0000",
            "POST",
            "api-XXXXXXXX.duosecurity.com",
            "/accounts/v1/account/list",
            List.of(Map.entry("username", "root"), Map.entry("realname", "First Last")));

    assertThat(
            new DuoSignature(DOC_IKEY, DOC_SKEY, DuoSignature.Algorithm.HMAC_SHA1)
                .authorization(canonical))
        .isEqualTo(
            "Basic RElXSjhYNkFFWU9SNU9NQzZUUTE6MmQ5N2Q2MTY2MzE5NzgxYjVhM2EwN2FmMzlkMzY2ZjQ5MTIzNGVkYw==");
  }

  @Test
  void canonicalFormLowersHostRaisesMethodKeepsPathAndSortsEncodedUnicodeParams() {
    assertThat(
            DuoSignature.canonical(
                "Fri, 07 Dec 2012 17:18:00 -0000",
                "PoSt",
                "foO.BAr52.cOm",
                "/Foo/BaR2/qux",
                UNICODE_PARAMS))
        .isEqualTo(UNICODE_CANONICAL);
  }

  @Test
  void hmacSha1OfReferenceVectorMatchesDuoClients() {
    assertThat(
            new DuoSignature(
                    "test_ikey",
                    "gtdfxv9YgVBYcF6dl2Eq17KUQJN2PLM2ODVTkvoT",
                    DuoSignature.Algorithm.HMAC_SHA1)
                .hmacHex(UNICODE_CANONICAL))
        .isEqualTo("f01811cbbf9561623ab45b893096267fd46a5178");
  }

  @Test
  void hmacSha512OfReferenceVectorMatchesDuoClients() {
    assertThat(
            new DuoSignature(
                    "test_ikey",
                    "gtdfxv9YgVBYcF6dl2Eq17KUQJN2PLM2ODVTkvoT",
                    DuoSignature.Algorithm.HMAC_SHA512)
                .hmacHex(UNICODE_CANONICAL))
        .isEqualTo(
            "0508065035a03b2a1de2f453e629e791d180329e157f65df6b3e0f08299d4321"
                + "e1c5c7a7c7ee6b9e5fc80d1fb6fbf3ad5eb7c44dd3b3985a02c37aca53ec3698");
  }

  @Test
  void printableAsciiIsEncodedAsRfc3986() {
    assertThat(
            DuoSignature.canonicalParams(
                List.of(
                    Map.entry("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
                    Map.entry("whitespace", "\t\n\u000b\u000c\r "))))
        .isEqualTo(
            "punctuation=%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~"
                + "&whitespace=%09%0A%0B%0C%0D%20");
  }

  @Test
  void dateHeaderIsRfc2822InUtc() {
    assertThat(DuoSigningInterceptor.RFC_2822.format(Instant.parse("2012-08-21T17:29:18Z")))
        .isEqualTo("Tue, 21 Aug 2012 17:29:18 -0000");
  }
}
