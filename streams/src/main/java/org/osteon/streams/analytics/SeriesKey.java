package org.osteon.streams.analytics;

/**
 * One series of metrics: a site and a model version, encoded {@code site|modelVersion} as the key of
 * the repartition topic and the state stores. Sites match {@code [A-Za-z0-9._-]} (osteon.site), so the
 * first bar always ends the site.
 */
public record SeriesKey(String site, String model) {

    /** Site of inputs that carry none. */
    public static final String UNKNOWN_SITE = "unknown";

    /** Model of decisions and feedback about images that were not scored. */
    public static final String NO_MODEL = "none";

    public SeriesKey {
        site = site == null || site.isBlank() ? UNKNOWN_SITE : site;
        model = model == null || model.isBlank() ? NO_MODEL : model;
    }

    public static SeriesKey parse(String encoded) {
        int bar = encoded.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("not a series key: " + encoded);
        }
        return new SeriesKey(encoded.substring(0, bar), encoded.substring(bar + 1));
    }

    public String encoded() {
        return site + "|" + model;
    }
}
