package io.muster.extender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtenderConfigTest {
  private static final Map<String, String> PLAIN = Map.of("MUSTER_TLS_MODE", "plain");

  @TempDir Path dir;

  @Test
  void defaultsNeedOnlyTheTlsFiles() throws IOException {
    ExtenderConfig config = ExtenderConfig.fromEnv(tlsFiles());

    assertThat(config.port()).isEqualTo(8888);
    assertThat(config.opsPort()).isEqualTo(8889);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.urlPrefix()).isEmpty();
    assertThat(config.namespace()).isEqualTo("muster");
    assertThat(config.policyConfigMap()).isEqualTo("muster-policies");
    assertThat(config.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(config.tls())
        .isEqualTo(
            new ExtenderConfig.Tls.Mtls(
                dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.crt")));
    assertThat(config.configMapWait()).isEqualTo(Duration.ofMillis(400));
    assertThat(config.maxViewAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.verbTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.logLevel()).isEqualTo(ExtenderConfig.LogLevel.INFO);
    assertThat(config.reservationWrite()).isEqualTo(ExtenderConfig.ReservationWrite.BIND);
    assertThat(config.tlsCrypto()).isEqualTo(ExtenderConfig.TlsCrypto.NATIVE);
  }

  @Test
  void everySettingIsRead() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.putAll(
        Map.of(
            "MUSTER_PORT", "9443",
            "MUSTER_OPS_PORT", "9090",
            "MUSTER_BIND_ADDRESS", "127.0.0.1",
            "MUSTER_URL_PREFIX", "/muster/v1",
            "MUSTER_NAMESPACE", "spark-system",
            "MUSTER_POLICY_CONFIGMAP", "gang.policies",
            "MUSTER_MAX_BODY_BYTES", "64Mi",
            "MUSTER_CONFIGMAP_WAIT", "2s",
            "MUSTER_MAX_VIEW_AGE", "2m",
            "MUSTER_VERB_TIMEOUT", "4500ms"));
    env.put("MUSTER_LOG_LEVEL", "debug");
    env.put("MUSTER_RESERVATION_WRITE", "filter");
    env.put("MUSTER_TLS_CRYPTO", "jdk");

    ExtenderConfig config = ExtenderConfig.fromEnv(env);

    assertThat(config)
        .isEqualTo(
            new ExtenderConfig(
                9443,
                9090,
                "127.0.0.1",
                "/muster/v1",
                "spark-system",
                "gang.policies",
                64L << 20,
                new ExtenderConfig.Tls.Plain(),
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                Duration.ofMillis(4500),
                ExtenderConfig.LogLevel.DEBUG,
                ExtenderConfig.ReservationWrite.FILTER,
                ExtenderConfig.TlsCrypto.JDK));
  }

  @Test
  void reportsEveryViolationAtOnce() {
    Map<String, String> env = new HashMap<>();
    env.put("MUSTER_PORT", "abc");
    env.put("MUSTER_OPS_PORT", "70000");
    env.put("MUSTER_BIND_ADDRESS", "not an address");
    env.put("MUSTER_URL_PREFIX", "muster/");
    env.put("MUSTER_NAMESPACE", "Spark_NS");
    env.put("MUSTER_POLICY_CONFIGMAP", "Policies!");
    env.put("MUSTER_MAX_BODY_BYTES", "0");
    env.put("MUSTER_TLS_MODE", "tls");
    env.put("MUSTER_CONFIGMAP_WAIT", "3s");
    env.put("MUSTER_MAX_VIEW_AGE", "30");
    env.put("MUSTER_VERB_TIMEOUT", "1.5s");
    env.put("MUSTER_LOG_LEVEL", "verbose");
    env.put("MUSTER_TLS_CRYPTO", "openssl");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ExtenderConfig.fromEnv(env));

    assertThat(e.violations())
        .containsExactly(
            "MUSTER_PORT: not an int \"abc\"",
            "MUSTER_OPS_PORT: must be in 0..65535, got 70000",
            "MUSTER_BIND_ADDRESS: not a host or address \"not an address\"",
            "MUSTER_URL_PREFIX: not a path prefix like /muster \"muster/\"",
            "MUSTER_NAMESPACE: not a valid namespace name \"Spark_NS\"",
            "MUSTER_POLICY_CONFIGMAP: not a ConfigMap name \"Policies!\"",
            "MUSTER_MAX_BODY_BYTES: must be > 0",
            "MUSTER_TLS_MODE: must be one of mtls, plain; got \"tls\"",
            "MUSTER_TLS_CERT: required when MUSTER_TLS_MODE=mtls (the default; plain is a"
                + " development opt-in)",
            "MUSTER_TLS_KEY: required when MUSTER_TLS_MODE=mtls (the default; plain is a"
                + " development opt-in)",
            "MUSTER_TLS_CLIENT_CA: required when MUSTER_TLS_MODE=mtls (the default; plain is a"
                + " development opt-in)",
            "MUSTER_CONFIGMAP_WAIT: must be in 0s..2s, got 3s",
            "MUSTER_MAX_VIEW_AGE: not a duration \"30\" (use e.g. 500ms, 5s, 2m)",
            "MUSTER_VERB_TIMEOUT: not a duration \"1.5s\" (use e.g. 500ms, 5s, 2m)",
            "MUSTER_LOG_LEVEL: must be one of trace, debug, info, warn, error; got \"verbose\"",
            "MUSTER_TLS_CRYPTO: must be one of native, jdk; got \"openssl\"");
    assertThat(e.getMessage())
        .startsWith("MUSTER_PORT: not an int \"abc\"; MUSTER_OPS_PORT: must be in 0..65535");
  }

  @Test
  void mtlsIsTheDefaultAndNeedsReadableFiles() {
    Map<String, String> env =
        Map.of(
            "MUSTER_TLS_CERT", dir.resolve("missing.crt").toString(),
            "MUSTER_TLS_KEY", dir.toString(),
            "MUSTER_TLS_CLIENT_CA", "");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "MUSTER_TLS_CERT: no readable file at "
                + dir.resolve("missing.crt")
                + "; MUSTER_TLS_KEY: no readable file at "
                + dir
                + "; MUSTER_TLS_CLIENT_CA: required when MUSTER_TLS_MODE=mtls (the default; plain"
                + " is a development opt-in)");
  }

  @Test
  void plainModeRefusesCertificateSettingsThatWouldBeIgnored() throws IOException {
    Map<String, String> env = new HashMap<>(tlsFiles());
    env.put("MUSTER_TLS_MODE", "PLAIN");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .hasMessage(
            "MUSTER_TLS_CERT: set, but MUSTER_TLS_MODE=plain (remove it, or use mtls);"
                + " MUSTER_TLS_KEY: set, but MUSTER_TLS_MODE=plain (remove it, or use mtls);"
                + " MUSTER_TLS_CLIENT_CA: set, but MUSTER_TLS_MODE=plain (remove it, or use mtls)");
  }

  @Test
  void aKubernetesServiceLinkInMusterPortIsNamedAsSuch() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_PORT", "tcp://10.96.0.12:8888");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .hasMessage(
            "MUSTER_PORT: \"tcp://10.96.0.12:8888\" is a Kubernetes service link (a Service named"
                + " \"muster\"); set enableServiceLinks: false in the pod spec, or set MUSTER_PORT"
                + " explicitly");
  }

  @Test
  void theVerbDeadlineMustOutlastTheConfigMapWait() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_CONFIGMAP_WAIT", "1s");
    env.put("MUSTER_VERB_TIMEOUT", "800ms");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .hasMessage(
            "MUSTER_VERB_TIMEOUT: must be longer than MUSTER_CONFIGMAP_WAIT (1s), got 800ms");
  }

  @Test
  void theOpsPortMustDifferFromTheMainPort() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_PORT", "9000");
    env.put("MUSTER_OPS_PORT", "9000");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .hasMessage("MUSTER_OPS_PORT: must differ from MUSTER_PORT (9000)");
  }

  @ParameterizedTest
  @CsvSource({"0ms,0", "500ms,500", "5s,5000", "2m,120000", "1h,3600000"})
  void durationsAreStrict(String text, long millis) {
    assertThat(StrictDuration.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"5", "5 s", "5S", "-5s", "1.5s", "PT5S", "1m30s", "5sec", "''"})
  void malformedDurationsAreRefused(String text) {
    assertThat(StrictDuration.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"1048576,1048576", "512Ki,524288", "32Mi,33554432", "1Gi,1073741824"})
  void bodyLimitsTakeBinarySuffixes(String text, long bytes) {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_MAX_BODY_BYTES", text);

    assertThat(ExtenderConfig.fromEnv(env).maxBodyBytes()).isEqualTo(bytes);
  }

  @Test
  void aBodyLimitAbove1GiIsRefused() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_MAX_BODY_BYTES", "2Gi");

    assertThatThrownBy(() -> ExtenderConfig.fromEnv(env))
        .hasMessage("MUSTER_MAX_BODY_BYTES: must be <= 1073741824, got 2147483648");
  }

  @Test
  void blankValuesCountAsUnset() {
    Map<String, String> env = new HashMap<>(PLAIN);
    env.put("MUSTER_PORT", "  ");

    assertThat(ExtenderConfig.fromEnv(env).port()).isEqualTo(8888);
  }

  @Test
  void describeListsEverySettingAndIsSafeToLog() throws IOException {
    ExtenderConfig config = ExtenderConfig.fromEnv(tlsFiles());

    assertThat(config.describe())
        .isEqualTo(
            "port=8888 opsPort=8889 bind=0.0.0.0 urlPrefix=\"\" namespace=muster"
                + " policyConfigMap=muster-policies maxBodyBytes=33554432 tls=mtls(cert="
                + dir.resolve("tls.crt")
                + " key="
                + dir.resolve("tls.key")
                + " clientCa="
                + dir.resolve("ca.crt")
                + ") configMapWait=400ms maxViewAge=30s verbTimeout=4s logLevel=INFO"
                + " reservationWrite=bind tlsCrypto=native");
    assertThat(config.toString()).contains(config.describe()).doesNotContain("BEGIN");
    assertThat(ExtenderConfig.fromEnv(PLAIN).describe())
        .contains("tls=plain(development only: no TLS, no client authentication)");
  }

  @Test
  void unknownMusterKeysAreReportedButServiceLinksAreNot() {
    Map<String, String> env =
        Map.of(
            "MUSTER_PROT", "8888",
            "MUSTER_PORT", "8888",
            "MUSTER_SERVICE_HOST", "10.0.0.1",
            "MUSTER_PORT_8888_TCP_ADDR", "10.0.0.1",
            "MUSTER_NAMESAPCE", "x",
            "PATH", "/bin");

    assertThat(ExtenderConfig.unknownKeys(env))
        .isEqualTo(List.of("MUSTER_NAMESAPCE", "MUSTER_PROT"));
  }

  private Map<String, String> tlsFiles() throws IOException {
    for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.writeString(dir.resolve(name), "not parsed here");
    }
    return Map.of(
        "MUSTER_TLS_CERT", dir.resolve("tls.crt").toString(),
        "MUSTER_TLS_KEY", dir.resolve("tls.key").toString(),
        "MUSTER_TLS_CLIENT_CA", dir.resolve("ca.crt").toString());
  }
}
