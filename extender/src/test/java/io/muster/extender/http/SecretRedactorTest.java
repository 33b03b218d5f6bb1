package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.access.key",
        "spark.hadoop.fs.s3a.session.token",
        "spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net",
        "spark.authenticate.secret",
        "spark.ssl.keyPassword",
        "spark.kubernetes.authenticate.driver.oauthToken",
        "spark.hadoop.google.cloud.auth.service.account.json.keyfile.credentials",
        "accessKey",
        "secretKey",
        "apiKey",
        "AWS_SECRET_ACCESS_KEY",
        "privateKey"
      })
  void secretLookingKeys(String key) {
    assertThat(SecretRedactor.secretLooking(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "key",
        "spark.executor.instances",
        "spark.ssl.keyStore",
        "spark.kubernetes.namespace",
        "nodeSelector",
        "monkey",
        "keyboard"
      })
  void ordinaryKeys(String key) {
    assertThat(SecretRedactor.secretLooking(key)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void redactsNestedValuesAndInlinePairsButKeepsStructure() throws Exception {
    JsonNode tree =
        TestServer.JSON.readTree(
            "{\"gangs\":[{\"props\":{\"spark.hadoop.fs.s3a.secret.key\":\"S\",\"a\":\"1\"},"
                + "\"tolerations\":[{\"key\":\"dedicated\",\"value\":\"spark\"}],"
                + "\"args\":\"--conf spark.hadoop.fs.s3a.access.key=AK --conf x=y\","
                + "\"password\":null}]}");

    JsonNode redacted = SecretRedactor.redact(tree);

    assertThat(redacted.toString())
        .isEqualTo(
            "{\"gangs\":[{\"props\":{\"spark.hadoop.fs.s3a.secret.key\":\"<redacted>\",\"a\":\"1\"},"
                + "\"tolerations\":[{\"key\":\"dedicated\",\"value\":\"spark\"}],"
                + "\"args\":\"--conf spark.hadoop.fs.s3a.access.key=<redacted> --conf x=y\","
                + "\"password\":null}]}");
  }
}
