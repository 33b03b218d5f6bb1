package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMapSelectionTest {
  private final ConfigMapSelection selection = ConfigMapSelection.withPolicyIn("muster");

  @Test
  void keepsSparkDriverTemplateAndPolicyConfigMapsOnly() {
    assertThat(selection.keeps("spark", "spark-drv-041afca1fc958405-conf-map")).isTrue();
    assertThat(selection.keeps("spark", "wordcount-c20ecba1fc957fbc-driver-podspec-conf-map"))
        .isTrue();
    assertThat(selection.keeps("spark", "pi-1a2b-driver-conf-map")).isTrue();
    assertThat(selection.keeps("muster", "muster-policies")).isTrue();

    assertThat(selection.keeps("other", "muster-policies")).isFalse();
    assertThat(selection.keeps("spark", "spark-exec-ad5ad8a1fc9b3dc1-conf-map")).isFalse();
    assertThat(selection.keeps("kube-system", "kube-root-ca.crt")).isFalse();
    assertThat(selection.keeps("spark", "spark-drv-XYZ-conf-map")).isFalse();
  }

  @Test
  void trimsSparkConfigMapsToTheKeysRead() {
    Map<String, String> data =
        Map.of("spark.properties", "a=b", "spark.kubernetes.namespace", "spark", "junk", "x");
    assertThat(selection.trim("spark", "spark-drv-0a-conf-map", data))
        .containsOnlyKeys("spark.properties");
    assertThat(
            selection.trim(
                "spark",
                "p-driver-podspec-conf-map",
                Map.of("podspec-configmap-key", "y", "z", "")))
        .containsOnlyKeys("podspec-configmap-key");
    assertThat(selection.trim("muster", "muster-policies", Map.of("policies.yaml", "v", "b", "c")))
        .containsOnlyKeys("policies.yaml", "b");
  }

  @Test
  void recordsNeverPrintTheirValues() {
    ConfigMapRecord r =
        new ConfigMapRecord(
            "spark",
            "spark-drv-0a-conf-map",
            "u",
            "1",
            Map.of("spark.properties", "spark.hadoop.fs.s3a.secret.key=AKIAsecret"));
    assertThat(r.toString()).doesNotContain("AKIAsecret").contains("spark.properties");
  }
}
