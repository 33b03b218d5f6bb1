package io.muster.extender.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Security;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
  private static final String NATIVE = "AmazonCorrettoCryptoProvider";

  @AfterEach
  void restoreTheJdkProviders() {
    Security.removeProvider(NATIVE);
  }

  @Test
  void turnedOffLeavesTheJdkProvidersAlone() throws Exception {
    CryptoChoice choice = NativeCrypto.install(false);

    assertThat(choice).isEqualTo(new CryptoChoice.Jdk("native crypto turned off"));
    assertThat(choice.label()).isEqualTo("jdk");
    assertThat(Security.getProvider(NATIVE)).isNull();
    assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
  }

  @Test
  void onLinuxX8664TlsCiphersAndKeyExchangesComeFromTheNativeProvider() throws Exception {
    assumeLinuxX8664();

    CryptoChoice choice = NativeCrypto.install(true);

    assertThat(choice).isInstanceOf(CryptoChoice.Native.class);
    assertThat(choice.label()).startsWith(NATIVE + " ");
    assertThat(Security.getProviders()[0].getName()).isEqualTo(NATIVE);
    // What JSSE asks for: TLS 1.3/1.2 records (AES-GCM) and the ECDHE key exchange.
    assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo(NATIVE);
    assertThat(KeyAgreement.getInstance("ECDH").getProvider().getName()).isEqualTo(NATIVE);
  }

  @Test
  void installingTwiceKeepsOneProvider() {
    assumeLinuxX8664();

    CryptoChoice first = NativeCrypto.install(true);
    CryptoChoice second = NativeCrypto.install(true);

    assertThat(second).isEqualTo(first);
    assertThat(Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(NATIVE)))
        .hasSize(1);
  }

  /** The shipped jar carries the native library for linux-x86_64 only (the image's platform). */
  private static void assumeLinuxX8664() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")));
  }
}
