package io.muster.extender.tls;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * fabric8's Vert.x HTTP client, speaking HTTP/2 to the API server over TLS: every request of the
 * client multiplexed over one connection, as kube-scheduler's own client does.
 *
 * <p>Why: fabric8 builds its TLS context with ALPN disabled, so its client speaks HTTP/1.1 with a
 * pool of up to 8,192 connections, and under kube-scheduler's concurrent binds it opened about one
 * connection (a TLS handshake on both sides) per concurrent request: 10 % of Muster's CPU in a
 * profile under the real kube-scheduler, on top of the API server's own handshakes. This keeps
 * fabric8's TLS material (its {@link SSLContext}: the cluster CA, client certificates) and only
 * lets Vert.x negotiate the application protocol by ALPN.
 */
public final class Http2ApiClientFactory extends VertxHttpClientFactory {

  /** On {@code vertx} (its owner closes it), or on a Vert.x of fabric8's own when null. */
  public Http2ApiClientFactory(Vertx vertx) {
    super(vertx);
  }

  /**
   * This factory for an {@code https} API server; fabric8's own for plain HTTP (local tests), which
   * would otherwise get an h2c upgrade attempt on every connection. Both on {@code vertx} when not
   * null: a request made on one of its event loops is then sent and answered on that loop, with no
   * hop to another thread.
   */
  public static HttpClient.Factory forApiServer(String masterUrl, Vertx vertx) {
    return masterUrl.regionMatches(true, 0, "https:", 0, 6)
        ? new Http2ApiClientFactory(vertx)
        : new VertxHttpClientFactory(vertx);
  }

  @Override
  protected void additionalConfig(WebClientOptions options) {
    if (!options.isSsl()
        || !(options.getSslEngineOptions() instanceof JdkSSLEngineOptions fabric8Engine)) {
      return;
    }
    SSLContext context = jdkContext(fabric8Engine);
    String[] protocols = options.getEnabledSecureTransportProtocols().toArray(String[]::new);
    options
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setUseAlpn(true)
        .setSslEngineOptions(new AlpnEngineOptions(context, protocols));
  }

  private static SSLContext jdkContext(JdkSSLEngineOptions fabric8Engine) {
    try {
      SslContext built = fabric8Engine.sslContextFactory().create();
      if (built instanceof JdkSslContext jdk) {
        return jdk.context();
      }
      throw new IllegalStateException(
          "fabric8's TLS engine built a " + built.getClass().getName() + ", not a JdkSslContext");
    } catch (SSLException e) {
      throw new IllegalStateException("fabric8's TLS context cannot be built", e);
    }
  }

  /** fabric8's SSLContext, with the ALPN protocols Vert.x asks for (h2, http/1.1). */
  private static final class AlpnEngineOptions extends JdkSSLEngineOptions {
    private final SSLContext context;
    private final String[] protocols;

    AlpnEngineOptions(SSLContext context, String[] protocols) {
      this.context = context;
      this.protocols = protocols;
    }

    /** Vert.x copies its options; a plain copy would lose this factory (immutable anyway). */
    @Override
    public JdkSSLEngineOptions copy() {
      return this;
    }

    @Override
    public SslContextFactory sslContextFactory() {
      return new AlpnContextFactory(context, protocols);
    }
  }

  /** Vert.x configures a factory per connection kind, then calls {@link #create()}. */
  private static final class AlpnContextFactory implements SslContextFactory {
    private final SSLContext context;
    private final String[] protocols;
    private boolean useAlpn;
    private List<String> applicationProtocols = List.of();

    AlpnContextFactory(SSLContext context, String[] protocols) {
      this.context = context;
      this.protocols = protocols;
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      this.useAlpn = useAlpn;
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
      this.applicationProtocols = List.copyOf(applicationProtocols);
      return this;
    }

    @Override
    public SslContext create() {
      ApplicationProtocolConfig alpn =
          useAlpn && !applicationProtocols.isEmpty()
              ? new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  applicationProtocols)
              : ApplicationProtocolConfig.DISABLED;
      return new JdkSslContext(
          context,
          true,
          null,
          IdentityCipherSuiteFilter.INSTANCE,
          alpn,
          ClientAuth.NONE,
          protocols.length == 0 ? null : protocols,
          false);
    }
  }
}
