package org.osteon.schemas.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeriveStudyKeyTest {

    private static final String MASTER = "test-secret-test-secret-test-secret-0123";
    private static final String EXPECTED = PseudonymKeys.studyKeySecret(MASTER);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String stdin, String... args) throws Exception {
        return DeriveStudyKey.run(
                args,
                env,
                null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTheMasterSecretFromTheEnvironment() throws Exception {
        assertThat(run(Map.of("OSTEON_DEID_HMAC_SECRET", MASTER), "")).isZero();
        assertThat(out()).isEqualTo(EXPECTED + System.lineSeparator());
    }

    @Test
    void shouldReadTheMasterSecretFromStandardInputLessOneTrailingNewline() throws Exception {
        assertThat(run(Map.of(), MASTER + "\n")).isZero();
        assertThat(run(Map.of(), MASTER + "\r\n")).isZero();
        assertThat(run(Map.of(), MASTER)).isZero();
        assertThat(out().lines()).containsExactly(EXPECTED, EXPECTED, EXPECTED);
    }

    @Test
    void shouldTakeNoSecretFromTheCommandLine() throws Exception {
        assertThat(run(Map.of(), "", MASTER)).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("never from the command line")
                .doesNotContain(MASTER);
    }

    @Test
    void shouldFailWithoutASecretOrWithAShortOne() throws Exception {
        assertThat(run(Map.of(), "")).isEqualTo(1);
        assertThat(run(Map.of(), "short\n")).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no master secret")
                .contains("at least 32 bytes");
    }
}
