package org.osteon.benchmarks.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * The ratio of a benchmark whose service windows alternate with bare-ORT windows: bare, service, bare,
 * ..., service, bare. Each service window is compared with the two bare windows on either side of it, so a
 * host whose speed drifts over minutes (on a shared virtual machine, by several per cent between windows
 * three minutes apart) lifts or lowers both sides of each comparison alike.
 *
 * <p>The ratio is the images the service scored over the images bare ORT would have run in the same
 * seconds, each service window at the mean rate of the bare windows beside it.
 */
final class Interleaving {

    /** Images the service committed in one measured window, and the seconds they took. */
    record ServiceWindow(long images, double seconds) {

        ServiceWindow {
            if (images <= 0 || !(seconds > 0)) {
                throw new IllegalArgumentException(
                        "a service window needs images and time: " + images + " in " + seconds + " s");
            }
        }

        double imagesPerSecond() {
            return images / seconds;
        }
    }

    /**
     * @param ceiling   bare ORT's images per second, as the service windows saw it (time-weighted mean of
     *                  each window's neighbours)
     * @param service   the service's images per second over all its windows
     * @param ratio     {@code service / ceiling}
     * @param byWindow  each service window's rate over the mean of its two neighbours
     */
    record Summary(double ceiling, double service, double ratio, List<Double> byWindow) {}

    private Interleaving() {}

    /**
     * {@code bare} has one more window than {@code service}: {@code bare[k]} before and {@code bare[k+1]}
     * after {@code service[k]}.
     */
    static Summary summarize(List<Double> bare, List<ServiceWindow> service) {
        if (service.isEmpty() || bare.size() != service.size() + 1) {
            throw new IllegalArgumentException(
                    "need n service windows between n + 1 bare ones, got " + service.size() + " and " + bare.size());
        }
        long images = 0;
        double seconds = 0;
        double bareImages = 0;
        List<Double> byWindow = new ArrayList<>();
        for (int k = 0; k < service.size(); k++) {
            ServiceWindow w = service.get(k);
            double around = (bare.get(k) + bare.get(k + 1)) / 2;
            images += w.images();
            seconds += w.seconds();
            bareImages += around * w.seconds();
            byWindow.add(w.imagesPerSecond() / around);
        }
        return new Summary(bareImages / seconds, images / seconds, images / bareImages, List.copyOf(byWindow));
    }
}
