package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Spark-made objects with random parts removed, nulled or replaced: classification and inference
 * must always answer with a value, never an exception. Seeded, so every run checks the same cases.
 */
class MalformedInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final int CASES = 400;

  private final GangInference inference = new GangInference();

  @Test
  void mutatedDriversExecutorsAndConfigMapsNeverThrow() throws Exception {
    String scenario = "s4-cluster-podtemplate-executors";
    JsonNode driver = JSON.valueToTree(Fixtures.driver(scenario));
    JsonNode executor = JSON.valueToTree(Fixtures.executors(scenario).get(0));
    Map<String, JsonNode> configMaps = new HashMap<>();
    Fixtures.configMaps(scenario).forEach((k, v) -> configMaps.put(k, JSON.valueToTree(v)));
    Random random = new Random(42);
    int decoded = 0;
    for (int i = 0; i < CASES; i++) {
      Optional<Pod> d = decode(mutate(driver, random), Pod.class);
      Optional<Pod> e = decode(mutate(executor, random), Pod.class);
      Map<String, ConfigMap> cms = new HashMap<>();
      for (Map.Entry<String, JsonNode> cm : configMaps.entrySet()) {
        JsonNode node = random.nextInt(3) == 0 ? mutate(cm.getValue(), random) : cm.getValue();
        decode(node, ConfigMap.class).ifPresent(c -> cms.put(cm.getKey(), c));
      }
      if (d.isPresent()) {
        decoded++;
        Pod dp = d.get();
        assertThatCode(
                () -> {
                  assertThat(PodClassifier.classify(dp)).isNotNull();
                  assertThat(inference.infer(dp, Fixtures.lookup(cms), Optional.empty(), NOW))
                      .isNotNull();
                })
            .as("driver case %s", i)
            .doesNotThrowAnyException();
      }
      if (e.isPresent()) {
        Pod ep = e.get();
        assertThatCode(
                () -> {
                  assertThat(PodClassifier.classify(ep)).isNotNull();
                  assertThat(inference.inferClientMode(ep, NOW)).isNotNull();
                  assertThat(ExecutorConstraints.translate(ep.getSpec())).isNotNull();
                })
            .as("executor case %s", i)
            .doesNotThrowAnyException();
      }
    }
    // Most mutations still decode as a Pod, so the loop above really exercised inference.
    assertThat(decoded).isGreaterThan(CASES / 2);
  }

  private static <T> Optional<T> decode(JsonNode node, Class<T> type) {
    try {
      return Optional.ofNullable(SERIALIZATION.convertValue(node, type));
    } catch (RuntimeException e) {
      return Optional.empty(); // not decodable at all: the HTTP layer answers 400 before us
    }
  }

  /** A copy of {@code root} with 1–4 random nodes removed, nulled or replaced by odd values. */
  private static JsonNode mutate(JsonNode root, Random random) {
    JsonNode copy = root.deepCopy();
    int changes = 1 + random.nextInt(4);
    for (int c = 0; c < changes; c++) {
      List<JsonNode[]> slots = new ArrayList<>();
      collect(copy, slots);
      if (slots.isEmpty()) {
        break;
      }
      JsonNode[] slot = slots.get(random.nextInt(slots.size()));
      JsonNode parent = slot[0];
      String field = slot[1].asText();
      JsonNode replacement =
          switch (random.nextInt(8)) {
            case 0, 1, 2 -> null;
            case 3, 4 -> JSON.nullNode();
            case 5 -> JSON.getNodeFactory().textNode(random.nextBoolean() ? "" : "-1x");
            case 6 -> JSON.getNodeFactory().numberNode(-7);
            default -> JSON.createObjectNode();
          };
      if (parent instanceof ObjectNode o) {
        if (replacement == null) {
          o.remove(field);
        } else {
          o.set(field, replacement);
        }
      } else if (parent instanceof ArrayNode a) {
        int index = Integer.parseInt(field);
        if (replacement == null) {
          a.remove(index);
        } else {
          a.set(index, replacement);
        }
      }
    }
    return copy;
  }

  private static void collect(JsonNode node, List<JsonNode[]> out) {
    if (node instanceof ObjectNode o) {
      o.fieldNames()
          .forEachRemaining(
              f -> {
                if (!f.equals("managedFields")) {
                  out.add(new JsonNode[] {o, JSON.getNodeFactory().textNode(f)});
                  collect(o.get(f), out);
                }
              });
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new JsonNode[] {a, JSON.getNodeFactory().textNode(Integer.toString(i))});
        collect(a.get(i), out);
      }
    }
  }
}
