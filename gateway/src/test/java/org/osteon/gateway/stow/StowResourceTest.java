package org.osteon.gateway.stow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The per-part bound of STOW-RS, at the bound: a part of exactly the limit is taken, one byte more is not. */
class StowResourceTest {

    @Test
    void shouldTakeAPartOfExactlyTheLimitAndRefuseOneByteMoreWithoutWritingPastIt() throws Exception {
        int limit = 200_000;
        ByteArrayOutputStream atLimit = new ByteArrayOutputStream();
        ByteArrayOutputStream overLimit = new ByteArrayOutputStream();

        long copied = StowResource.copyBounded(new ByteArrayInputStream(new byte[limit]), atLimit, limit);

        assertThat(copied).isEqualTo(limit);
        assertThat(atLimit.size()).isEqualTo(limit);
        assertThatThrownBy(
                        () -> StowResource.copyBounded(new ByteArrayInputStream(new byte[limit + 1]), overLimit, limit))
                .isInstanceOf(StowResource.PartTooLargeException.class)
                .hasMessageContaining("larger than " + limit);
        assertThat(overLimit.size()).isLessThanOrEqualTo(limit);
    }
}
