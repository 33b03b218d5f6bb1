package io.muster.extender.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Throw-away PEM certificates for the mTLS tests, made with the JDK's own {@code keytool} (no
 * openssl or BouncyCastle needed): a CA, a server certificate for 127.0.0.1 and a client
 * certificate signed by it, and a self-signed "rogue" client certificate. Valid for two days, test
 * use only, never committed.
 */
public final class TestCertificates {
  private static final String PASS = "test-only";

  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;
  public final Path rogueCert;
  public final Path rogueKey;

  private final Path dir;

  public TestCertificates(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    // Independent keytool runs go in parallel: each is a JVM start, the bulk of the time.
    parallel(
        () ->
            keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=muster-test-ca",
                "-ext",
                "bc:c",
                "-keystore",
                "ca.p12"),
        () -> request("server", "CN=127.0.0.1"),
        () -> request("client", "CN=kube-scheduler"),
        () -> {
          keytool(
              "-genkeypair",
              "-alias",
              "rogue",
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-validity",
              "2",
              "-dname",
              "CN=kube-scheduler",
              "-ext",
              "EKU=clientAuth",
              "-keystore",
              "rogue.p12");
          keytool(
              "-exportcert",
              "-rfc",
              "-alias",
              "rogue",
              "-keystore",
              "rogue.p12",
              "-file",
              "rogue.crt");
        });
    parallel(
        () ->
            keytool(
                "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.crt"),
        () -> sign("server", "SAN=ip:127.0.0.1,dns:localhost", "EKU=serverAuth"),
        () -> sign("client", "EKU=clientAuth", "KU=digitalSignature"));
    caCert = dir.resolve("ca.crt");
    serverCert = dir.resolve("server.crt");
    serverKey = pemKey("server");
    clientCert = dir.resolve("client.crt");
    clientKey = pemKey("client");
    rogueCert = dir.resolve("rogue.crt");
    rogueKey = pemKey("rogue");
  }

  private interface Step {
    void run() throws IOException, InterruptedException;
  }

  private static void parallel(Step... steps) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(steps.length);
    try {
      List<Future<Object>> running = new ArrayList<>();
      for (Step step : steps) {
        running.add(
            pool.submit(
                () -> {
                  step.run();
                  return null;
                }));
      }
      for (Future<Object> f : running) {
        try {
          f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new IOException(e.getCause());
        } catch (TimeoutException e) {
          throw new IOException("keytool took over 120 s", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void request(String name, String dname) throws IOException, InterruptedException {
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        dname,
        "-keystore",
        name + ".p12");
    keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
  }

  private void sign(String name, String... extensions) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-validity",
                "2",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".crt"));
    for (String extension : extensions) {
      args.add("-ext");
      args.add(extension);
    }
    keytool(args.toArray(String[]::new));
  }

  /** The PKCS#8 private key of {@code name.p12} as {@code name.key} (PEM). */
  private Path pemKey(String name) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASS.toCharArray());
      PrivateKey key = (PrivateKey) store.getKey(name, PASS.toCharArray());
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Path file = dir.resolve(name + ".key");
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
      return file;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read " + name + ".p12", e);
    }
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // faster start
    command.addAll(List.of(args));
    command.addAll(
        List.of("-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS, "-noprompt"));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
