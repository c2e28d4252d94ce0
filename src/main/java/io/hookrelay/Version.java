package io.hookrelay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * hookrelay's version: pom.xml's, written into {@code version.properties} by the build (resource
 * filtering); {@code dev} when run from classes the build did not filter.
 */
public final class Version {

  private static final String VERSION = read();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/io/hookrelay/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
