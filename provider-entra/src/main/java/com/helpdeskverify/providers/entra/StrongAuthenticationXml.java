package com.helpdeskverify.providers.entra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Writes and reads the StrongAuthenticationService's WCF-style XML messages. */
final class StrongAuthenticationXml {
  private StrongAuthenticationXml() {}

  /** What a Begin or End answer says. */
  record Reply(
      String root,
      String resultValue,
      boolean retry,
      Optional<String> message,
      Optional<String> sessionId,
      Optional<Boolean> authenticationResult,
      Optional<String> affinityUrl) {}

  /** Thrown for an answer that is not the XML expected. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static String beginRequest(
      String userPrincipalName, String methodId, String contextId, String lcid) {
    return beginRequest(userPrincipalName, methodId, contextId, lcid, false);
  }

  /**
   * @param syncCall true as the public callers send it (the answer comes when the user has
   *     answered); false as in the AD FS adapter traces (at once with a session id, then End)
   */
  static String beginRequest(
      String userPrincipalName, String methodId, String contextId, String lcid, boolean syncCall) {
    return "<BeginTwoWayAuthenticationRequest>"
        + "<Version>1.0</Version>"
        + "<UserPrincipalName>"
        + escape(userPrincipalName)
        + "</UserPrincipalName>"
        + "<Lcid>"
        + escape(lcid)
        + "</Lcid>"
        + "<AuthenticationMethodId>"
        + escape(methodId)
        + "</AuthenticationMethodId>"
        + "<AuthenticationMethodProperties"
        + " xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\">"
        + "<a:KeyValueOfstringstring><a:Key>OverrideVoiceOtp</a:Key><a:Value>false</a:Value>"
        + "</a:KeyValueOfstringstring>"
        + "</AuthenticationMethodProperties>"
        + "<ContextId>"
        + escape(contextId)
        + "</ContextId>"
        + "<SyncCall>"
        + syncCall
        + "</SyncCall>"
        + "<RequireUserMatch>true</RequireUserMatch>"
        + "<CallerName>radius</CallerName>"
        + "<CallerIP>UNKNOWN:</CallerIP>"
        + "</BeginTwoWayAuthenticationRequest>";
  }

  static String endRequest(String sessionId, String contextId, String userPrincipalName) {
    return "<EndTwoWayAuthenticationRequest>"
        + "<Version>1.0</Version>"
        + "<SessionId>"
        + escape(sessionId)
        + "</SessionId>"
        + "<ContextId>"
        + escape(contextId)
        + "</ContextId>"
        + "<UserPrincipalName>"
        + escape(userPrincipalName)
        + "</UserPrincipalName>"
        + "</EndTwoWayAuthenticationRequest>";
  }

  static Reply parse(byte[] xml) throws Malformed {
    Element root;
    try {
      DocumentBuilder builder = factory().newDocumentBuilder();
      builder.setErrorHandler(null);
      Document doc = builder.parse(new ByteArrayInputStream(xml));
      root = doc.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new Malformed("not XML (" + e.getClass().getSimpleName() + ")");
    }
    Element result =
        child(root, "Result").orElseThrow(() -> new Malformed("no Result in " + name(root)));
    String value =
        text(result, "Value").orElseThrow(() -> new Malformed("no Result/Value in " + name(root)));
    return new Reply(
        name(root),
        value,
        text(result, "Retry").map("true"::equalsIgnoreCase).orElse(false),
        text(result, "Message"),
        text(root, "SessionId"),
        text(root, "AuthenticationResult").map("true"::equalsIgnoreCase),
        text(root, "AffinityUrl"));
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // The answer comes over the network: no DTDs, no external entities.
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(true);
    return f;
  }

  private static String name(Node node) {
    return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
  }

  private static Optional<Element> child(Element parent, String localName) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element e && localName.equals(name(e))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The text of a child element; empty when absent, nil or blank. */
  private static Optional<String> text(Element parent, String localName) {
    return child(parent, localName)
        .filter(
            e ->
                !"true"
                    .equals(e.getAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "nil")))
        .map(e -> e.getTextContent().strip())
        .filter(s -> !s.isEmpty());
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
