package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorConstraintsTest {
  @Test
  void translatesSelectorRequiredAffinityAndTolerations() {
    PodSpec spec =
        new PodSpecBuilder()
            .withNodeSelector(Map.of("spark-pool", "executors"))
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addToMatchExpressions(req("topology.kubernetes.io/zone", "In", List.of("a", "b")))
            .addToMatchExpressions(req("gpu", "DoesNotExist", List.of()))
            .endNodeSelectorTerm()
            .addNewNodeSelectorTerm()
            .addToMatchExpressions(req("cores", "Gt", List.of("16")))
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(1)
            .withNewPreference()
            .addToMatchExpressions(req("ssd", "Exists", List.of()))
            .endPreference()
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .addNewToleration()
            .withKey("dedicated")
            .withValue("spark")
            .withEffect("NoSchedule")
            .endToleration()
            .addNewToleration()
            .withOperator("Exists")
            .endToleration()
            .build();
    ExecutorConstraints.Translation t = ExecutorConstraints.translate(spec);
    assertThat(t.problems()).isEmpty();
    assertThat(t.constraints())
        .isEqualTo(
            new PodConstraints(
                Map.of("spark-pool", "executors"),
                List.of(
                    new NodeSelectorTerm(
                        List.of(
                            new NodeSelectorRequirement(
                                "topology.kubernetes.io/zone",
                                NodeSelectorRequirement.Operator.IN,
                                List.of("a", "b")),
                            new NodeSelectorRequirement(
                                "gpu",
                                NodeSelectorRequirement.Operator.DOES_NOT_EXIST,
                                List.of()))),
                    new NodeSelectorTerm(
                        List.of(
                            new NodeSelectorRequirement(
                                "cores", NodeSelectorRequirement.Operator.GT, List.of("16"))))),
                List.of(
                    new Toleration(
                        "dedicated",
                        Toleration.Operator.EQUAL,
                        "spark",
                        Optional.of(TaintEffect.NO_SCHEDULE)),
                    new Toleration("", Toleration.Operator.EXISTS, "", Optional.empty()))));
  }

  @Test
  void matchFieldsAreLeftToKubeSchedulerAndReported() {
    PodSpec spec =
        new PodSpecBuilder()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addToMatchFields(req("metadata.name", "In", List.of("node-1")))
            .endNodeSelectorTerm()
            .addNewNodeSelectorTerm()
            .addToMatchExpressions(req("zone", "In", List.of("a")))
            .addToMatchFields(req("metadata.name", "In", List.of("node-2")))
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .build();
    ExecutorConstraints.Translation t = ExecutorConstraints.translate(spec);
    assertThat(t.constraints().requiredTerms())
        .containsExactly(
            new NodeSelectorTerm(
                List.of(
                    new NodeSelectorRequirement(
                        "zone", NodeSelectorRequirement.Operator.IN, List.of("a")))));
    assertThat(t.problems())
        .extracting(Problem::kind)
        .containsOnly(Problem.Kind.UNSUPPORTED_CONSTRAINT);
  }

  @Test
  void unusableEntriesAreDroppedWithAProblemNeverThrown() {
    PodSpec spec =
        new PodSpecBuilder()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addToMatchExpressions(req("zone", "Near", List.of("a")))
            .addToMatchExpressions(req("zone", "In", List.of()))
            .addToMatchExpressions(req(null, "Exists", List.of()))
            .addToMatchExpressions(req("cores", "Gt", List.of("many")))
            .addToMatchExpressions(req("ok", "Exists", null))
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .addNewToleration()
            .withKey("k")
            .withOperator("Sometimes")
            .endToleration()
            .addNewToleration()
            .withKey("k")
            .withEffect("NoRun")
            .endToleration()
            .addNewToleration()
            .withValue("v")
            .endToleration()
            .build();
    ExecutorConstraints.Translation t = ExecutorConstraints.translate(spec);
    assertThat(t.constraints().requiredTerms())
        .containsExactly(
            new NodeSelectorTerm(
                List.of(
                    new NodeSelectorRequirement(
                        "ok", NodeSelectorRequirement.Operator.EXISTS, List.of()))));
    assertThat(t.constraints().tolerations()).isEmpty();
    assertThat(t.problems()).hasSize(7);
  }

  private static io.fabric8.kubernetes.api.model.NodeSelectorRequirement req(
      String key, String operator, List<String> values) {
    var r = new io.fabric8.kubernetes.api.model.NodeSelectorRequirement();
    r.setKey(key);
    r.setOperator(operator);
    r.setValues(values);
    return r;
  }

  @Test
  void nullsMeanNoConstraints() {
    assertThat(ExecutorConstraints.of((io.fabric8.kubernetes.api.model.Pod) null))
        .isEqualTo(PodConstraints.NONE);
    assertThat(ExecutorConstraints.of(new PodSpec())).isEqualTo(PodConstraints.NONE);
    assertThat(ExecutorConstraints.translate(null, null, null).constraints())
        .isEqualTo(PodConstraints.NONE);
  }
}
