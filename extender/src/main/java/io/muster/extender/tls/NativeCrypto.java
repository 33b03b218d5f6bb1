package io.muster.extender.tls;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;

/**
 * Puts a native JCA provider (Amazon Corretto Crypto Provider) ahead of the JDK's, so that both TLS
 * sides (kube-scheduler's calls, and the API server's watches and writes) encrypt in native code.
 *
 * <p>Why: Muster's JVM runs C1 only (extender/jvm.options), and the JDK's AES-GCM, GHASH and
 * BigInteger intrinsics are C2's; under C1 the JDK encrypts in plain Java, about 8x slower than
 * with the intrinsics. That was a quarter of Muster's CPU under load (extender/README.md, "TLS
 * crypto"). The provider must be installed before the first TLS context is built.
 */
public final class NativeCrypto {
  private NativeCrypto() {}

  /**
   * Installs the native provider when {@code wanted} and it loads and passes its self-tests on this
   * platform; otherwise leaves the JDK's providers alone and says why.
   */
  public static CryptoChoice install(boolean wanted) {
    if (!wanted) {
      return new CryptoChoice.Jdk("native crypto turned off");
    }
    AmazonCorrettoCryptoProvider accp;
    try {
      accp = AmazonCorrettoCryptoProvider.INSTANCE;
    } catch (LinkageError e) {
      return new CryptoChoice.Jdk("native provider unavailable: " + e);
    }
    Throwable loading = accp.getLoadingError();
    if (loading != null) {
      return new CryptoChoice.Jdk("native provider cannot load on this platform: " + loading);
    }
    Provider first = Security.getProviders()[0];
    if (first.getName().equals(accp.getName())) {
      return new CryptoChoice.Native(describe(accp));
    }
    AmazonCorrettoCryptoProvider.install();
    try {
      accp.assertHealthy();
    } catch (RuntimeException e) {
      Security.removeProvider(accp.getName());
      return new CryptoChoice.Jdk("native provider failed its self-tests: " + e);
    }
    return new CryptoChoice.Native(describe(accp));
  }

  private static String describe(AmazonCorrettoCryptoProvider accp) {
    return accp.getName() + " " + accp.getVersionStr();
  }
}
