package org.osteon.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObjectStoresTest {

    private final Path root = Path.of("/store/phi");

    @Test
    void shouldLayOutThePhiStoreByStudyAndSopInstanceUid() {
        assertThat(ObjectStores.phiPath(root, "1.2.3", "1.2.3.4")).isEqualTo(Path.of("/store/phi/1.2.3/1.2.3.4.dcm"));
    }

    @Test
    void shouldRefuseUidsThatCouldEscapeTheStore() {
        assertThatThrownBy(() -> ObjectStores.phiPath(root, "../../etc", "1.2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectStores.phiPath(root, "1.2", "1.2/../../x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectStores.phiPath(root, "1.2", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectStores.phiPath(root, "1." + "2".repeat(70), "1.2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTellPseudonymsFromAnythingThatCouldNameAPatientOrAPath() {
        assertThat(ObjectStores.isPseudonym("abcxyz234567")).isTrue();
        assertThat(ObjectStores.isPseudonym("1.2.840.1")).isFalse();
        assertThat(ObjectStores.isPseudonym("Doe^John")).isFalse();
        assertThat(ObjectStores.isPseudonym("../abc")).isFalse();
        assertThat(ObjectStores.isPseudonym("")).isFalse();
        assertThat(ObjectStores.isPseudonym(null)).isFalse();
    }
}
