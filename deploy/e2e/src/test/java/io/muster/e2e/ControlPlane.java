package io.muster.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of deploy/local (etcd, kube-apiserver, kube-scheduler with the muster
 * profile, the Muster extender), started once per suite through the same scripts a person uses.
 */
final class ControlPlane implements AutoCloseable {
  static final String NAMESPACE = "spark";
  static final int NODES = 4;
  static final int NODE_CPU = 8;
  static final int NODE_MEMORY_GI = 32;

  private final Path repo;
  private final Path runDir;
  private final Map<String, String> env;
  private final KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ControlPlane(Path repo, Path runDir, Map<String, String> env) {
    this.repo = repo;
    this.runDir = runDir;
    this.env = env;
    Config config = Config.fromKubeconfig(null, read(Path.of(env.get("KUBECONFIG"))), null);
    config.setRequestTimeout(10_000);
    config.setConnectionTimeout(5_000);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  static ControlPlane start() {
    Path repo = Path.of(System.getProperty("muster.repo", "../..")).toAbsolutePath().normalize();
    Path runDir = repo.resolve("deploy/e2e/target/run");
    // An empty etcd for every suite: a working copy's run directory outlives the suite, and its
    // etcd keeps every earlier suite's objects (and grows towards etcd's 2 GiB quota).
    run(
        repo,
        Map.of("RUN_DIR", runDir.toString()),
        Duration.ofMinutes(2),
        "deploy/local/down.sh",
        "--purge");
    // A cold machine builds the Kubernetes binaries here; .ci/run builds them beforehand.
    run(repo, upVars(runDir, "plain"), Duration.ofMinutes(45), "deploy/local/up.sh");
    Map<String, String> env = readEnv(runDir.resolve("env"));
    return new ControlPlane(repo, runDir, env);
  }

  private static Map<String, String> upVars(Path runDir, String extenderTls) {
    Map<String, String> vars = new HashMap<>();
    vars.put("RUN_DIR", runDir.toString());
    vars.put("NODES", Integer.toString(NODES));
    vars.put("NODE_CPU", Integer.toString(NODE_CPU));
    vars.put("NODE_MEMORY", NODE_MEMORY_GI + "Gi");
    vars.put("ZONES", "2");
    vars.put("JAVA_HOME", System.getProperty("java.home"));
    vars.put("EXTENDER_TLS", extenderTls);
    return vars;
  }

  /**
   * Re-runs deploy/local/up.sh with kube-scheduler ↔ Muster over {@code mtls} (the Helm chart's
   * transport) or {@code plain} (what the other scenarios use: they call the main port without a
   * client certificate). up.sh restarts exactly kube-scheduler and the extender.
   */
  void transport(String extenderTls) {
    run(repo, upVars(runDir, extenderTls), Duration.ofMinutes(5), "deploy/local/up.sh");
  }

  KubernetesClient client() {
    return client;
  }

  /** A key of deploy/local's env file, read afresh (extender.sh rewrites it on restart). */
  String env(String key) {
    return readEnv(runDir.resolve("env")).getOrDefault(key, env.get(key));
  }

  Path repo() {
    return repo;
  }

  /** Runs deploy/local/extender.sh with {@code action} (start, stop, kill, restart). */
  void extender(String action) {
    Map<String, String> vars = new HashMap<>();
    vars.put("RUN_DIR", runDir.toString());
    vars.put("JAVA_HOME", System.getProperty("java.home"));
    run(repo, vars, Duration.ofMinutes(3), "deploy/local/extender.sh", action);
  }

  /** GET on the extender; returns status and body. */
  HttpResponse<String> extenderGet(String path) {
    return get(env.get("EXTENDER_URL"), path);
  }

  /**
   * GET on the extender's plain-HTTP ops port ({@code /healthz}, {@code /readyz}, {@code
   * /metrics}).
   */
  HttpResponse<String> opsGet(String path) {
    return get(env("EXTENDER_OPS_URL"), path);
  }

  private HttpResponse<String> get(String base, String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build();
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Path logFile(String name) {
    return Path.of(env.get("LOG_DIR")).resolve(name);
  }

  @Override
  public void close() {
    client.close();
    Map<String, String> vars = new HashMap<>();
    vars.put("RUN_DIR", runDir.toString());
    try {
      run(repo, vars, Duration.ofMinutes(2), "deploy/local/down.sh");
    } catch (RuntimeException e) {
      System.err.println("down.sh failed: " + e.getMessage());
    }
  }

  static void run(Path repo, Map<String, String> vars, Duration bound, String... command) {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(repo.toFile());
    pb.environment().putAll(vars);
    pb.redirectErrorStream(true);
    Path log = repo.resolve("deploy/e2e/target/" + Path.of(command[0]).getFileName() + ".log");
    try {
      Files.createDirectories(log.getParent());
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + bound + "; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited "
                + p.exitValue()
                + "; tail of "
                + log
                + ":\n"
                + tail(log, 40));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static Map<String, String> readEnv(Path file) {
    Map<String, String> out = new HashMap<>();
    for (String line : read(file).split("\n")) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
