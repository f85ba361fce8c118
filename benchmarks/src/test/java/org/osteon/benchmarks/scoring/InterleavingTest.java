package org.osteon.benchmarks.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavingTest {

    @Test
    void aHostThatDriftsLiftsBothSidesOfEachWindowAlike() {
        // The host speeds up by 10 % a window; the service always runs at 0.9 of what bare ORT does beside it.
        List<Double> bare = List.of(80.0, 88.0, 96.0, 104.0);
        List<Interleaving.ServiceWindow> service = List.of(
                new Interleaving.ServiceWindow(756, 10),
                new Interleaving.ServiceWindow(828, 10),
                new Interleaving.ServiceWindow(900, 10));

        Interleaving.Summary s = Interleaving.summarize(bare, service);

        assertEquals(0.9, s.ratio(), 1e-12);
        assertEquals(
                List.of(0.9, 0.9, 0.9),
                s.byWindow().stream().map(r -> Math.round(r * 1e9) / 1e9).toList());
        assertEquals(92.0, s.ceiling(), 1e-9);
        assertEquals(82.8, s.service(), 1e-9);
    }

    @Test
    void longerWindowsWeighMore() {
        // 500 images in 10 s beside bare 100 (0.5), then 450 in 5 s beside bare 100 (0.9): 950 of 1500.
        Interleaving.Summary s = Interleaving.summarize(
                List.of(100.0, 100.0, 100.0),
                List.of(new Interleaving.ServiceWindow(500, 10), new Interleaving.ServiceWindow(450, 5)));

        assertEquals(950.0 / 1500, s.ratio(), 1e-12);
        assertEquals(List.of(0.5, 0.9), s.byWindow());
    }

    @Test
    void eachServiceWindowNeedsABareWindowOnEitherSide() {
        Interleaving.ServiceWindow w = new Interleaving.ServiceWindow(100, 1);
        assertThrows(IllegalArgumentException.class, () -> Interleaving.summarize(List.of(100.0), List.of(w)));
        assertThrows(IllegalArgumentException.class, () -> Interleaving.summarize(List.of(100.0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Interleaving.ServiceWindow(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Interleaving.ServiceWindow(10, 0));
    }
}
