package io.muster.loadtest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap line of {@code jcmd <pid> GC.heap_info}, as JDK 25's G1 prints it. */
class JvmHeapTest {
  @Test
  void usedHeapIsReadInMiB() {
    String out =
        "19249:\n"
            + "garbage-first heap   total reserved 6172672K, committed 393216K, used 16229K"
            + " [0x0000000687400000, 0x0000000800000000)\n"
            + " region size 4096K, 4 young (16384K), 0 survivors (0K)\n";

    assertThat(JvmHeap.parse(out)).hasValue(15);
  }

  @Test
  void noHeapLineGivesNothing() {
    assertThat(JvmHeap.parse("19249:\nNo such process\n")).isEmpty();
    assertThat(JvmHeap.usedMiB(0)).isEmpty();
  }
}
