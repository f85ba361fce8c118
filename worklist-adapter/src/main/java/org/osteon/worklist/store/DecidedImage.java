package org.osteon.worklist.store;

import java.util.List;

/**
 * The research-zone locations a decision names: the de-identified object and its class-activation
 * map. Any field may be null (not scored, no map written, an older decision without them).
 *
 * @param camShape [height, width] of the map; empty when there is none
 */
public record DecidedImage(String site, String objectUri, String camUri, List<Integer> camShape) {

    public static final DecidedImage NONE = new DecidedImage(null, null, null, List.of());

    public DecidedImage {
        camShape = camShape == null ? List.of() : List.copyOf(camShape);
    }

    Integer camHeight() {
        return camShape.size() == 2 ? camShape.get(0) : null;
    }

    Integer camWidth() {
        return camShape.size() == 2 ? camShape.get(1) : null;
    }

    /** The map is usable only with its URI and a two-dimensional shape. */
    String usableCamUri() {
        return camShape.size() == 2 ? camUri : null;
    }
}
