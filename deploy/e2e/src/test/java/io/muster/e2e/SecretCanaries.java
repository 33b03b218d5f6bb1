package io.muster.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique fake credentials planted in every soak application's Spark properties, the way
 * Spark-on-Kubernetes guides pass them ({@code spark.hadoop.fs.s3a.*.key}, the authentication
 * secret, keystore passwords, an OAuth token), and the search for them (and for the ServiceAccount
 * tokens of the run) where Muster writes: its log and its operator views.
 */
final class SecretCanaries {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private final Set<String> values = ConcurrentHashMap.newKeySet();

  /** Secret-looking properties with fresh values for one application. */
  Map<String, String> properties(Random random) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spark.hadoop.fs.s3a.access.key", plant("AKIA", 16, random));
    p.put("spark.hadoop.fs.s3a.secret.key", plant("s3cr", 36, random));
    p.put("spark.authenticate.secret", plant("auth", 28, random));
    p.put("spark.ssl.keyStorePassword", plant("ksPw", 20, random));
    p.put("spark.kubernetes.authenticate.submission.oauthToken", plant("oaTk", 40, random));
    return p;
  }

  private String plant(String prefix, int length, Random random) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    values.add(sb.toString());
    return sb.toString();
  }

  Set<String> values() {
    return values;
  }

  /** The bearer token of a kubeconfig written by deploy/local, if it has one. */
  static List<String> tokenOf(Path kubeconfig) {
    try {
      return Files.readAllLines(kubeconfig, StandardCharsets.UTF_8).stream()
          .map(String::trim)
          .filter(l -> l.startsWith("token:"))
          .map(l -> l.substring("token:".length()).trim())
          .filter(t -> t.length() >= 16)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kubeconfig, e);
    }
  }

  /** Size of {@code log} now, so that a later scan reads only what was written after. */
  static long sizeOf(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot stat " + log, e);
    }
  }

  /**
   * What of {@code needles} (and any PEM private key or bearer header) {@code log} contains from
   * byte {@code from} on, each finding with its line number counted from there.
   */
  static List<String> scan(Path log, long from, Set<String> needles) {
    String text;
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length() - from;
      byte[] bytes = new byte[(int) Math.max(0, length)];
      f.seek(from);
      f.readFully(bytes);
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + log, e);
    }
    List<String> found = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      for (String n : needles) {
        if (line.contains(n)) {
          found.add("line " + (i + 1) + ": a planted secret or token (" + n.substring(0, 4) + "…)");
        }
      }
      if (line.contains("PRIVATE KEY-----") || line.matches(".*(?i:authorization: *bearer).*")) {
        found.add("line " + (i + 1) + ": " + line.substring(0, Math.min(120, line.length())));
      }
    }
    return found;
  }

  /** Lines logged from byte {@code from} on. */
  static long linesSince(Path log, long from) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      f.seek(from);
      long n = 0;
      while (f.readLine() != null) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + log, e);
    }
  }
}
