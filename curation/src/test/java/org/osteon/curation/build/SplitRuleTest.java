package org.osteon.curation.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitRuleTest {

    private final SplitRule rule = new SplitRule(30, 15);

    @Test
    void shouldBucketAsPythonDoes() {
        // int(hashlib.sha256(k.encode()).hexdigest(), 16) % 100, computed with /usr/bin/python3.
        assertThat(SplitRule.bucketOf("abc")).isEqualTo(65);
        assertThat(SplitRule.bucketOf("studya")).isEqualTo(61);
        assertThat(SplitRule.bucketOf("studyb")).isEqualTo(29);
        assertThat(SplitRule.bucketOf("zzzz")).isEqualTo(13);
        assertThat(rule.splitOf("studyb")).isEqualTo("test");
        assertThat(rule.splitOf("studya")).isEqualTo("train");
        assertThat(new SplitRule(30, 35).splitOf("studya")).isEqualTo("cal");
    }

    @Test
    void shouldGiveAStudyTheSameSplitEveryTime() {
        for (int i = 0; i < 200; i++) {
            String key = "study" + Integer.toString(i, 32);
            assertThat(rule.splitOf(key)).isEqualTo(new SplitRule(30, 15).splitOf(key));
        }
    }

    @Test
    void shouldSplitRoughlyAsAsked() {
        Map<String, Long> counts = IntStream.range(0, 10_000)
                .mapToObj(i -> rule.splitOf("k" + i))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.get("test")).isBetween(2_800L, 3_200L);
        assertThat(counts.get("cal")).isBetween(1_350L, 1_650L);
        assertThat(counts.get("train")).isBetween(5_300L, 5_700L);
    }

    @Test
    void shouldRefusePercentagesThatDoNotFit() {
        assertThatThrownBy(() -> new SplitRule(80, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitRule(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
