package io.muster.loadtest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU seconds from /proc stat lines, and a JVM's threads told apart by name. */
class ProcessCpuTest {
  @Test
  void statCpuIsUserPlusSystemTicks() {
    String stat =
        "1234 (kube apiserver (x)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0"
            + " 100 1000 200";

    assertThat(ProcessCpu.parse(stat)).isEqualTo(3.0);
    assertThat(ProcessCpu.name(stat)).isEqualTo("kube apiserver (x)");
  }

  @Test
  void jvmThreadsAreGroupedByWorkOverThreadsAliveInBothSnapshots() {
    Map<Integer, ProcessCpu.ThreadCpu> before =
        Map.of(
            1, new ProcessCpu.ThreadCpu("C2 CompilerThre", 1.0),
            2, new ProcessCpu.ThreadCpu("GC Thread#0", 0.5),
            3, new ProcessCpu.ThreadCpu("vert.x-eventloo", 2.0),
            4, new ProcessCpu.ThreadCpu("gone", 9.0));
    Map<Integer, ProcessCpu.ThreadCpu> after =
        Map.of(
            1, new ProcessCpu.ThreadCpu("C2 CompilerThre", 1.5),
            2, new ProcessCpu.ThreadCpu("GC Thread#0", 0.75),
            3, new ProcessCpu.ThreadCpu("vert.x-eventloo", 3.0),
            5, new ProcessCpu.ThreadCpu("new", 4.0));

    Map<ProcessCpu.JvmWork, Double> work = ProcessCpu.byWork(before, after);

    assertThat(work)
        .containsEntry(ProcessCpu.JvmWork.JIT, 0.5)
        .containsEntry(ProcessCpu.JvmWork.GC, 0.25)
        .containsEntry(ProcessCpu.JvmWork.APPLICATION, 1.0)
        .hasSize(3);
  }

  @Test
  void aMissingProcessHasNoCpu() {
    assertThat(ProcessCpu.seconds(0)).isEmpty();
    assertThat(ProcessCpu.threads(0)).isEmpty();
  }
}
