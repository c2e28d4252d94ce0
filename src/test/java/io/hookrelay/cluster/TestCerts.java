package io.hookrelay.cluster;

import io.hookrelay.config.HookrelayConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Event-bus TLS material made at test time, with nothing but the JDK and Vert.x: one self-signed
 * key and certificate per member (PEM files in a temporary directory), and a trust file listing the
 * certificates of the members a cluster accepts.
 */
final class TestCerts implements AutoCloseable {

  /** A member's PEM private key and certificate. */
  record Member(Path key, Path cert) {

    /** This member's {@code cluster.tls}, trusting the certificates in {@code trusted}. */
    HookrelayConfig.Tls tls(Path trusted) {
      return new HookrelayConfig.Tls(key.toString(), cert.toString(), trusted.toString());
    }

    /** The same as config overrides: {@code {"cluster": {"tls": {…}}}}. */
    JsonObject config(Path trusted) {
      return new JsonObject()
          .put(
              "cluster",
              new JsonObject()
                  .put(
                      "tls",
                      new JsonObject()
                          .put("keyPath", key.toString())
                          .put("certPath", cert.toString())
                          .put("caPath", trusted.toString())));
    }
  }

  final Path dir;

  TestCerts() {
    try {
      dir = Files.createTempDirectory("hookrelay-tls");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new key pair with a self-signed certificate for {@code name}. */
  Member member(String name) {
    SelfSignedCertificate made = SelfSignedCertificate.create(name);
    try {
      Path key = Files.copy(Path.of(made.privateKeyPath()), dir.resolve(name + "-key.pem"));
      Path cert = Files.copy(Path.of(made.certificatePath()), dir.resolve(name + "-cert.pem"));
      return new Member(key, cert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      made.delete();
    }
  }

  /** A PEM file holding the certificates of {@code members}: the peers a member trusts. */
  Path trust(String name, Member... members) {
    Path file = dir.resolve(name + "-trusted.pem");
    try {
      Files.createFile(file);
      for (Member m : members) {
        Files.writeString(file, Files.readString(m.cert()) + "\n", StandardOpenOption.APPEND);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
