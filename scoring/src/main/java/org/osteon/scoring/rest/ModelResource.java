package org.osteon.scoring.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osteon.schemas.Provenance;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.model.PreprocessingSpec;
import org.osteon.scoring.model.Thresholds;
import org.osteon.scoring.model.TrainingInfo;

/** What model this instance runs, and on which execution provider. */
@Path("/api/model")
public class ModelResource {

    /** The descriptor summary served as JSON. */
    public record ModelSummary(String name, String version, int opset, List<String> inputs, List<String> labels,
            String malignantLabel, PreprocessingSpec preprocessing, Thresholds thresholds, String uncertaintyMethod,
            TrainingInfo training, String executionProvider, String modelProvenance, String provenance) {
    }

    @Inject
    OnnxModel model;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ModelSummary model() {
        ModelDescriptor d = model.descriptor();
        List<String> inputs = d.clinicalInput().isPresent()
                ? List.of(d.imageInput(), d.clinicalInput().get().name())
                : List.of(d.imageInput());
        return new ModelSummary(d.name(), d.version(), d.opset(), inputs, d.labels(), d.malignantLabel(),
                d.preprocessing(), d.thresholds(), d.uncertaintyMethod(), d.training(), model.executionProvider(),
                d.provenance(), Provenance.NOT_FOR_CLINICAL_USE);
    }
}
