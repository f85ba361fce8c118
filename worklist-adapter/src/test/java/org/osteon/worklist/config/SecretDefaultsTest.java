package org.osteon.worklist.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osteon.testsupport.SecretDefaults;

/** No secret of this app has a production default: it comes from the environment or a Secret only. */
class SecretDefaultsTest {

    @Test
    void shouldShipNoSecretOutsideTheDevAndTestProfiles() throws Exception {
        assertThat(SecretDefaults.inApplicationProperties()).isEmpty();
    }
}
