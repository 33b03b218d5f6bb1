package io.muster.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverStartTest {
  private final List<String> started = new ArrayList<>();
  private final DriverStart driver = new DriverStart(started::add);

  @Test
  void aDriverBoundBeforeItsConfigMapStartsWhenTheConfigMapIsCreated() {
    driver.bound("uid-1");
    assertThat(started).isEmpty();
    assertThat(driver.started()).isFalse();

    driver.configMapCreated();

    assertThat(started).containsExactly("uid-1");
    assertThat(driver.started()).isTrue();
  }

  @Test
  void aDriverWhoseConfigMapCameFirstStartsWhenBound() {
    driver.configMapCreated();
    assertThat(started).isEmpty();

    driver.bound("uid-1");

    assertThat(started).containsExactly("uid-1");
  }

  @Test
  void itStartsOnceWhateverIsRepeated() {
    driver.configMapCreated();
    driver.bound("uid-1");
    driver.bound("uid-2");
    driver.configMapCreated();

    assertThat(started).containsExactly("uid-1");
  }

  @Test
  void neitherAloneStartsIt() {
    DriverStart onlyBound = new DriverStart(started::add);
    onlyBound.bound("uid-1");
    onlyBound.bound("uid-1");
    DriverStart onlyConfigMap = new DriverStart(started::add);
    onlyConfigMap.configMapCreated();

    assertThat(started).isEmpty();
  }
}
