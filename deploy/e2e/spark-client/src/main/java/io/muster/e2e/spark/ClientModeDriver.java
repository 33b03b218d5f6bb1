package io.muster.e2e.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * A Spark driver in client mode, run on this machine: its SparkContext with master {@code k8s://}
 * makes Spark's own scheduler backend create the executor pods through the API server. It runs no
 * job (no kubelet would start the executors); it holds the context until its standard input closes
 * or the hold runs out, then stops it (Spark then deletes its executor pods).
 *
 * <pre>
 * ClientModeDriver --master k8s://https://127.0.0.1:PORT --executors N --pod-name-prefix P
 *                  --hold-seconds S [--app-name A] [--image I]
 *                  [--properties-file F] [--conf key=value]...
 * </pre>
 *
 * {@code --properties-file} takes a cluster-mode driver's {@code spark.properties} (from its
 * ConfigMap): the driver code then creates that application's executors, named and owned as its
 * in-pod driver would, while the options that only make sense inside the pod (master URL, driver
 * host and ports, deploy mode) are replaced by local ones.
 *
 * <p>Prints {@code APP_ID=<id>} once the context is up and {@code STOPPED} after it stops.
 */
public final class ClientModeDriver {
  /** Set only inside a cluster-mode driver pod; locally it would ask for in-pod credentials. */
  private static final List<String> IN_POD_ONLY =
      List.of(
          "spark.kubernetes.submitInDriver",
          "spark.kubernetes.driver.master",
          "spark.driver.port",
          "spark.driver.blockManager.port",
          "spark.ui.port");

  private ClientModeDriver() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    SparkConf conf = new SparkConf(false);
    o.propertiesFile().ifPresent(f -> loadInto(conf, f));
    for (String key : IN_POD_ONLY) {
      conf.remove(key);
    }
    conf.setMaster(o.master());
    conf.set("spark.submit.deployMode", "client");
    conf.setIfMissing("spark.app.name", o.appName());
    conf.set("spark.driver.host", "127.0.0.1");
    conf.set("spark.driver.bindAddress", "127.0.0.1");
    conf.set("spark.ui.enabled", "false");
    conf.setIfMissing("spark.kubernetes.namespace", "spark");
    conf.setIfMissing("spark.kubernetes.scheduler.name", "muster");
    conf.setIfMissing("spark.kubernetes.container.image", o.image());
    if (o.executors() >= 0) {
      conf.set("spark.executor.instances", Integer.toString(o.executors()));
    }
    o.podNamePrefix().ifPresent(p -> conf.set("spark.kubernetes.executor.podNamePrefix", p));
    o.confs().forEach(conf::set);

    SparkContext sc = new SparkContext(conf);
    System.out.println("APP_ID=" + sc.applicationId());
    System.out.flush();
    try {
      awaitStdinClosed(o.hold());
    } finally {
      sc.stop();
      System.out.println("STOPPED");
      System.out.flush();
    }
    // Spark's non-daemon threads (RPC, netty) may outlive stop(); the test waits for this exit.
    System.exit(0);
  }

  /** Returns when standard input reaches end of file (the test closed it) or after {@code hold}. */
  private static void awaitStdinClosed(Duration hold) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8)) {
                BufferedReader lines = new BufferedReader(in);
                while (lines.readLine() != null) {
                  // Any line is ignored: only end of input means stop.
                }
              } catch (IOException e) {
                // A broken pipe means the parent is gone: stop as on end of input.
              }
              closed.countDown();
            },
            "stdin-watch");
    reader.setDaemon(true);
    reader.start();
    closed.await(hold.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void loadInto(SparkConf conf, Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read properties file " + file, e);
    }
    p.stringPropertyNames().forEach(k -> conf.set(k, p.getProperty(k)));
  }

  /** The command line, checked. */
  record Options(
      String master,
      int executors,
      Optional<String> podNamePrefix,
      Duration hold,
      String appName,
      String image,
      Optional<Path> propertiesFile,
      Map<String, String> confs) {

    static Options parse(String[] args) {
      String master = null;
      int executors = -1;
      String prefix = null;
      Duration hold = null;
      String appName = "client-mode";
      String image = "apache/spark:4.0.2";
      Path props = null;
      Map<String, String> confs = new LinkedHashMap<>();
      List<String> rest = new ArrayList<>(List.of(args));
      while (!rest.isEmpty()) {
        String flag = rest.remove(0);
        if (rest.isEmpty()) {
          throw usage("missing value after " + flag);
        }
        String value = rest.remove(0);
        switch (flag) {
          case "--master" -> master = value;
          case "--executors" -> executors = Integer.parseInt(value);
          case "--pod-name-prefix" -> prefix = value;
          case "--hold-seconds" -> hold = Duration.ofSeconds(Long.parseLong(value));
          case "--app-name" -> appName = value;
          case "--image" -> image = value;
          case "--properties-file" -> props = Path.of(value);
          case "--conf" -> {
            int eq = value.indexOf('=');
            if (eq <= 0) {
              throw usage("--conf wants key=value, got " + value);
            }
            confs.put(value.substring(0, eq), value.substring(eq + 1));
          }
          default -> throw usage("unknown option " + flag);
        }
      }
      if (master == null || !master.startsWith("k8s://")) {
        throw usage("--master k8s://... is required");
      }
      if (hold == null) {
        // Every run is bounded: a forgotten driver must not keep creating pods.
        throw usage("--hold-seconds is required");
      }
      return new Options(
          master,
          executors,
          Optional.ofNullable(prefix),
          hold,
          appName,
          image,
          Optional.ofNullable(props),
          confs);
    }

    private static IllegalArgumentException usage(String why) {
      return new IllegalArgumentException(
          why
              + "\nusage: ClientModeDriver --master k8s://URL --hold-seconds S [--executors N]"
              + " [--pod-name-prefix P] [--app-name A] [--image I] [--properties-file F]"
              + " [--conf k=v]...");
    }
  }
}
