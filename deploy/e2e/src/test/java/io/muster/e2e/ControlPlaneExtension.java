package io.muster.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the control plane once for the whole suite (kept in the root store, so it is stopped and
 * the timing table printed after the last test class) and injects it into tests.
 */
final class ControlPlaneExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ControlPlaneExtension.class);

  private static final class Holder implements AutoCloseable {
    final ControlPlane plane = ControlPlane.start();

    @Override
    public void close() {
      System.out.println(ScenarioTimings.table());
      plane.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    plane(context);
  }

  private static ControlPlane plane(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("plane", k -> new Holder(), Holder.class)
        .plane;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == ControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return plane(c);
  }
}
