package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.HostScore;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.http.wire.ExtenderArgs;
import io.muster.extender.http.wire.ExtenderBindingArgs;
import io.muster.extender.http.wire.ExtenderFilterResult;
import io.muster.extender.http.wire.ExtenderPreemptionArgs;
import io.muster.extender.http.wire.ExtenderPreemptionResult;
import io.muster.extender.http.wire.HostPriority;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request body, decoded as every verb's arguments and taken through the routes' own logic
 * (without a server; {@link ExtenderServerFuzzTest} adds one): decoding gives a value or a {@link
 * BadRequest} whose message is one short clean line without Java names, and every reply built from
 * a decoded request is valid JSON that accounts for every offered node exactly once. Seeds: the
 * bodies kube-scheduler sent in the recorded runs under {@code src/test/resources/wire/}.
 */
class WireCodecFuzzTest {
  /** Longest refusal message accepted: it goes back to kube-scheduler and into a log line. */
  static final int MAX_MESSAGE = 1024;

  @FuzzTest
  @DictionaryEntries({
    "\"Pod\":",
    "\"Nodes\":",
    "\"NodeNames\":",
    "\"items\":",
    "\"metadata\":",
    "\"name\":",
    "\"namespace\":",
    "\"labels\":",
    "\"spark-role\":\"driver\"",
    "\"spark-app-selector\":",
    "\"resources\":{\"requests\":{\"cpu\":",
    "\"PodName\":",
    "\"PodNamespace\":",
    "\"PodUID\":",
    "\"Node\":",
    "\"NodeNameToVictims\":",
    "\"NodeNameToMetaVictims\":",
    "\"Pods\":",
    "\"UID\":",
    "\"NumPDBViolations\":",
    "null",
    "true",
    "1e400",
    "-0",
    "\"\\u0000\""
  })
  void everyVerbBody(byte[] input) {
    Buffer body = Buffer.buffer(input);
    String echo = new String(input, StandardCharsets.UTF_8);
    filterAndPrioritize(body, echo);
    bind(body, echo);
    preempt(body, echo);
  }

  private static void filterAndPrioritize(Buffer body, String echo) {
    ExtenderArgs args;
    OfferedNodes offered;
    try {
      args = WireCodec.decode(body, ExtenderArgs.class);
      offered = OfferedNodes.of(args);
    } catch (BadRequest e) {
      checkErrorText(e.getMessage(), echo);
      return;
    }
    List<String> names = offered.names();
    assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isNotBlank());
    String subject = ServerRoutes.subject(args.pod());
    for (FilterVerdict verdict : verdicts(names)) {
      ExtenderFilterResult reply = FilterReply.of(verdict, offered, subject);
      JsonNode json = reencoded(reply);
      checkFilterReply(json, offered);
    }
    List<HostPriority> scores = PrioritizeReply.of(scores(names), offered, subject);
    JsonNode json = reencoded(scores);
    assertThat(json.isArray()).isTrue();
    Set<String> scored = new HashSet<>();
    json.forEach(
        h -> {
          assertThat(offered.offers(h.get("Host").textValue())).isTrue();
          assertThat(scored.add(h.get("Host").textValue())).isTrue();
          assertThat(h.get("Score").isIntegralNumber()).isTrue();
        });
  }

  private static void bind(Buffer body, String echo) {
    try {
      ExtenderBindingArgs args = WireCodec.decode(body, ExtenderBindingArgs.class);
      reencoded(args);
    } catch (BadRequest e) {
      checkErrorText(e.getMessage(), echo);
    }
  }

  private static void preempt(Buffer body, String echo) {
    PreemptRequest request;
    try {
      ExtenderPreemptionArgs args = WireCodec.decode(body, ExtenderPreemptionArgs.class);
      request = PreemptRoute.toRequest(args);
    } catch (BadRequest e) {
      checkErrorText(e.getMessage(), echo);
      return;
    }
    Map<String, List<String>> greedy = new LinkedHashMap<>(request.victimUidsByNode());
    greedy.put("node-not-proposed", List.of("uid-not-proposed"));
    for (PreemptVerdict verdict :
        List.of(
            PreemptVerdict.acceptAll(request),
            PreemptVerdict.none(),
            new PreemptVerdict(greedy, Map.of()))) {
      ExtenderPreemptionResult reply = PreemptReply.of(verdict, request, "pod=fuzz");
      JsonNode json = reencoded(reply).get("NodeNameToMetaVictims");
      json.fields()
          .forEachRemaining(
              e -> {
                List<String> proposed = request.victimUidsByNode().get(e.getKey());
                assertThat(proposed).as("only proposed nodes: %s", e.getKey()).isNotNull();
                e.getValue()
                    .get("Pods")
                    .forEach(p -> assertThat(proposed).contains(p.get("UID").textValue()));
              });
    }
  }

  /** What the stub and the real scheduling logic may answer, including contradictions. */
  private static List<FilterVerdict> verdicts(List<String> names) {
    if (names.isEmpty()) { // the route answers these itself, without asking the logic
      return List.of(FilterVerdict.passAll(names));
    }
    List<String> half = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      switch (i % 3) {
        case 0 -> half.add(names.get(i));
        case 1 -> failed.put(names.get(i), "no room");
        default -> unresolvable.put(names.get(i), "never");
      }
    }
    half.add("node-not-offered");
    if (names.size() > 1) {
      half.add(names.get(1)); // passed and failed at once: failing must win
    }
    return List.of(
        FilterVerdict.passAll(names),
        FilterVerdict.failAll(names, "full", true),
        FilterVerdict.only(names.get(0), names, "not the reserved node", false),
        new FilterVerdict(half, failed, unresolvable));
  }

  private static List<HostScore> scores(List<String> names) {
    List<HostScore> scores = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      scores.add(new HostScore(names.get(i), i % (HostScore.MAX + 1)));
    }
    scores.add(new HostScore("node-not-offered", 3));
    if (!names.isEmpty()) {
      scores.add(new HostScore(names.get(0), 9)); // a repeat: the first score wins
    }
    return scores;
  }

  /** Every offered node is answered exactly once, and only offered nodes pass. */
  static void checkFilterReply(JsonNode json, OfferedNodes offered) {
    assertThat(json.get("Error").textValue()).isEmpty();
    List<String> passed = new ArrayList<>();
    if (offered.byName()) {
      json.get("NodeNames").forEach(n -> passed.add(n.textValue()));
    }
    if (offered.byObject()) {
      List<String> objects = new ArrayList<>();
      json.get("Nodes")
          .get("items")
          .forEach(n -> objects.add(n.get("metadata").get("name").asText()));
      if (offered.byName()) {
        assertThat(passed).containsAll(objects);
      } else {
        passed.addAll(objects);
      }
    }
    List<String> answered = new ArrayList<>(passed);
    json.get("FailedNodes").fieldNames().forEachRemaining(answered::add);
    json.get("FailedAndUnresolvableNodes").fieldNames().forEachRemaining(answered::add);
    assertThat(answered).containsExactlyInAnyOrderElementsOf(offered.names());
  }

  /** The reply as written to the wire, read back by a strict JSON parser. */
  static JsonNode reencoded(Object reply) {
    Buffer encoded = WireCodec.encode(reply);
    try {
      return TestServer.JSON.readTree(encoded.getBytes());
    } catch (java.io.IOException e) {
      throw new AssertionError("reply is not valid JSON: " + encoded, e);
    }
  }

  /**
   * A refusal is one clean line naming the problem, short, without Java or library names, unless
   * the request itself carried them ({@code echo}: a field name is quoted back).
   */
  static void checkErrorText(String message, String echo) {
    assertThat(message).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE);
    assertThat(message.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
        .as("one clean line: %s", message)
        .isTrue();
    for (String internal : List.of("java.", "com.fasterxml", "io.fabric8", "Exception")) {
      if (!echo.contains(internal)) {
        assertThat(message).doesNotContain(internal);
      }
    }
  }
}
