package io.muster.extender.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The logging configuration the extender ships ({@code src/main/resources/logback.xml}), loaded
 * into a context of its own: fabric8's HTTP logging interceptor writes each API request's {@code
 * Authorization} header and body at TRACE (found by raising every logger in
 * CredentialsNotLoggedIT), so it stays off even when someone raises {@code io.fabric8} to
 * troubleshoot.
 */
class ShippedLoggingTest {
  private static final String INTERCEPTOR =
      "io.fabric8.kubernetes.client.http.HttpLoggingInterceptor";

  @Test
  void fabric8sRequestLoggingStaysOffWhenItsLibraryIsRaisedToTrace() throws JoranException {
    LoggerContext shipped = shipped();
    assertThat(shipped.getLogger("io.fabric8").getEffectiveLevel()).isEqualTo(Level.WARN);

    shipped.getLogger("io.fabric8").setLevel(Level.TRACE);

    assertThat(shipped.getLogger("io.fabric8.kubernetes.client.Config").isTraceEnabled()).isTrue();
    assertThat(shipped.getLogger(INTERCEPTOR).isEnabledFor(Level.ERROR)).isFalse();
    assertThat(shipped.getLogger(INTERCEPTOR + ".HttpLogger").isEnabledFor(Level.ERROR)).isFalse();
  }

  private static LoggerContext shipped() throws JoranException {
    URL config = ShippedLoggingTest.class.getResource("/logback.xml");
    assertThat(config).as("the shipped logback.xml on the classpath").isNotNull();
    assertThat(config.getPath()).endsWith("classes/logback.xml");
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(config);
    return context;
  }
}
