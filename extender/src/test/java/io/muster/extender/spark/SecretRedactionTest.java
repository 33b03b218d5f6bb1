package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactionTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.hadoop.fs.s3a.access.key",
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.session.token",
        "spark.ssl.keyStorePassword",
        "spark.authenticate.secret",
        "spark.kubernetes.authenticate.submission.oauthToken",
        "spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net",
        "spark.hadoop.google.cloud.auth.service.account.json.keyfile",
        "spark.hadoop.fs.gs.auth.Credentials",
        "MY_PASSWORD",
        "db.PassWd",
      })
  void secretLookingKeysAreMasked(String key) {
    SortedMap<String, String> out = SecretRedaction.redact(Map.of(key, "hunter2"));
    assertThat(out.get(key)).isEqualTo(SecretRedaction.MASK).doesNotContain("hunter2");
  }

  @Test
  void otherValuesStayButCredentialsInUrlsAreMasked() {
    Map<String, String> in = new HashMap<>();
    in.put("spark.executor.memory", "4g");
    in.put("spark.master", "k8s://https://127.0.0.1:16443");
    in.put("spark.jars", "https://alice:s3cr3t@repo.example.com/a.jar,local:///b.jar");
    in.put("spark.empty", null);
    SortedMap<String, String> out = SecretRedaction.redact(in);
    assertThat(out.get("spark.executor.memory")).isEqualTo("4g");
    assertThat(out.get("spark.master")).isEqualTo("k8s://https://127.0.0.1:16443");
    assertThat(out.get("spark.jars"))
        .doesNotContain("alice")
        .doesNotContain("s3cr3t")
        .contains("repo.example.com/a.jar")
        .contains("local:///b.jar");
    assertThat(out).containsKey("spark.empty");
    assertThat(out.get("spark.empty")).isNull();
  }

  @Test
  void valuesThatMentionASecretAreMaskedWhateverTheirKey() {
    // Found by fuzzing: a credential passed inside another property's value was shown as is.
    SortedMap<String, String> out =
        SecretRedaction.redact(
            Map.of("spark.driver.extraJavaOptions", "-Dfs.s3a.secret.key=AKIAEXAMPLE123"));
    assertThat(out.get("spark.driver.extraJavaOptions")).isEqualTo(SecretRedaction.MASK);
  }

  @Test
  void nullMapIsEmpty() {
    assertThat(SecretRedaction.redact(null)).isEmpty();
  }
}
