package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkPropertiesTest {
  @Test
  void readsJavaPropertiesAsSparkWritesThem() {
    SparkProperties p =
        SparkProperties.parse(
            """
            #Java properties built from Kubernetes config map with name: spark-drv-x-conf-map
            #Sat Nov 21 05:27:13 UTC 2026
            spark.master=k8s\\://https\\://127.0.0.1\\:16443
            ! another comment style
            spark.executor.memory = 4g
            spark.executor.extraJavaOptions=-Da=1 \\
                -Db=2
            spark.submit.pyFiles=
            spark.app.name\\=odd=x
            spark.unicode=caf\\u00e9
            """);
    assertThat(p.get("spark.master")).contains("k8s://https://127.0.0.1:16443");
    assertThat(p.get("spark.executor.memory")).contains("4g");
    assertThat(p.get("spark.executor.extraJavaOptions")).contains("-Da=1 -Db=2");
    assertThat(p.get("spark.submit.pyFiles")).contains("");
    assertThat(p.get("spark.app.name=odd")).contains("x");
    assertThat(p.get("spark.unicode")).contains("café");
    assertThat(p.values()).hasSize(6);
  }

  @Test
  void theRecordedFileEqualsTheConfigMapData() {
    ConfigMap cm =
        Fixtures.configMaps("s4-cluster-basic").get("spark-drv-27f6b4a1fc92ac87-conf-map");
    SparkProperties fromMap = SparkProperties.parse(cm.getData().get("spark.properties"));
    SparkProperties fromFile =
        SparkProperties.parse(Fixtures.text("s4-cluster-basic/driver-spark.properties"));
    assertThat(fromMap).isEqualTo(fromFile);
    assertThat(fromMap.get("spark.executor.instances")).contains("4");
    assertThat(fromMap.get("spark.kubernetes.container.image")).contains("apache/spark:4.0.1");
  }

  @Test
  void prefixLookupStripsThePrefix() {
    SparkProperties p =
        SparkProperties.of(
            Map.of(
                "spark.kubernetes.node.selector.zone", "a",
                "spark.kubernetes.node.selector.", "empty name is skipped",
                "spark.kubernetes.node.selectorX", "not under the prefix"));
    assertThat(p.withPrefix("spark.kubernetes.node.selector.")).isEqualTo(Map.of("zone", "a"));
  }

  @Test
  void malformedUnicodeEscapeIsAnError() {
    assertThatThrownBy(() -> SparkProperties.parse("a=\\uZZZZ"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullOrEmptyTextIsNoProperties() {
    assertThat(SparkProperties.parse(null)).isEqualTo(SparkProperties.EMPTY);
    assertThat(SparkProperties.parse("")).isEqualTo(SparkProperties.EMPTY);
  }

  @Test
  void toStringNeverShowsSecrets() {
    SparkProperties p =
        SparkProperties.of(
            Map.of(
                "spark.hadoop.fs.s3a.secret.key", "wJalrXUtnFEMI",
                "spark.executor.memory", "4g"));
    assertThat(p.toString()).doesNotContain("wJalrXUtnFEMI").contains("4g");
  }
}
