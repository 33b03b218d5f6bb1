package io.muster.e2e;

import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Apache Spark's own jars as the {@code deploy/e2e/spark-client} module resolved them at build
 * time: the classpath (Spark's versions, not Muster's), the Spark version, and the JVM options
 * Spark's launcher scripts would add. Nothing is downloaded here.
 *
 * @param classpath the jars, then the module's classes (its client-mode driver program)
 * @param version the Spark version of the jars, e.g. {@code 4.0.2}
 * @param jvmOptions {@code JavaModuleOptions.defaultModuleOptions()} of that Spark version
 */
record SparkInstall(List<Path> classpath, String version, List<String> jvmOptions) {
  static final String LAUNCHER_CLASS = "org.apache.spark.launcher.JavaModuleOptions";

  SparkInstall {
    classpath = List.copyOf(classpath);
    jvmOptions = List.copyOf(jvmOptions);
  }

  static SparkInstall locate(Path repo) {
    Path target = repo.resolve("deploy/e2e/spark-client/target");
    Path classpathFile = target.resolve("spark.classpath");
    Path classes = target.resolve("classes");
    Path versionFile = classes.resolve("spark-client.properties");
    if (!Files.isRegularFile(classpathFile) || !Files.isRegularFile(versionFile)) {
      throw new IllegalStateException(
          classpathFile
              + " or "
              + versionFile
              + " is missing: build deploy/e2e/spark-client first (it runs before deploy/e2e in"
              + " the reactor: mvn -pl deploy/e2e -am verify)");
    }
    List<Path> jars = new ArrayList<>();
    for (String entry : read(classpathFile).trim().split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " (listed in " + classpathFile + ") is missing: rebuild deploy/e2e/spark-client");
      }
      jars.add(jar);
    }
    jars.add(classes);
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(versionFile, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + versionFile, e);
    }
    String version = p.getProperty("spark.version", "");
    if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalStateException("no spark.version in " + versionFile + ": " + p);
    }
    return new SparkInstall(jars, version, moduleOptions(jars));
  }

  String classpathString() {
    return String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
  }

  /**
   * Spark on Java 17+ needs {@code --add-opens} flags its launcher scripts add; asking the launcher
   * class of the same version keeps them in step with the jars instead of copying a list.
   */
  private static List<String> moduleOptions(List<Path> jars) {
    Path launcher =
        jars.stream()
            .filter(j -> j.getFileName().toString().startsWith("spark-launcher_"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no spark-launcher jar in " + jars));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {url(launcher)}, null)) {
      Object options =
          loader.loadClass(LAUNCHER_CLASS).getMethod("defaultModuleOptions").invoke(null);
      return Arrays.stream(String.valueOf(options).trim().split("\\s+")).toList();
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read JVM options from " + launcher, e);
    }
  }

  private static URL url(Path p) throws MalformedURLException {
    return p.toUri().toURL();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
