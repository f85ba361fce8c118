package org.osteon.worklist.image;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.osteon.worklist.store.StudyImage;
import org.osteon.worklist.store.WorklistQueries;

/** The study view's pictures: the decided radiograph and its activation map, from the research store. */
@ApplicationScoped
public class StudyImages {

    private final WorklistQueries queries;
    private final ResearchStore store;

    StudyImages(WorklistQueries queries, ResearchStore store) {
        this.queries = queries;
        this.store = store;
    }

    /** The PNG of the study's decided image; empty when unknown, not stored, or outside the research root. */
    public Optional<byte[]> radiographPng(String studyKey) {
        return queries.image(studyKey)
                .flatMap(image -> store.resolve(image.objectUri()))
                .map(RadiographRenderer::png);
    }

    /** The decided image's activation map; empty when there is none or it lies outside the research root. */
    public Optional<ActivationMap> activationMap(String studyKey) {
        Optional<StudyImage> image = queries.image(studyKey);
        return image.flatMap(i -> i.camUri()
                .flatMap(store::resolve)
                .map(file -> ActivationMapReader.read(file, i.modelVersion(), i.camHeight(), i.camWidth())));
    }
}
