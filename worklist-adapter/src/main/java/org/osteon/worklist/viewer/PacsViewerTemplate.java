package org.osteon.worklist.viewer;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * A URL template that opens one study in the PACS viewer ({@code osteon.worklist.pacs-viewer-url}), e.g.
 * {@code https://pacs.example.org/viewer?StudyInstanceUIDs={StudyInstanceUID}}. Placeholders:
 * {@code {StudyInstanceUID}}, {@code {AccessionNumber}}, {@code {PatientID}} and {@code {OrthancStudyId}}
 * (see {@link OrthancStudyId}). Every value is percent-encoded as a URI component, so a hostile Study UID
 * or Patient ID cannot add a path, a query parameter or a fragment of its own; and the scheme and host are
 * fixed text (placeholders are refused there), so no value can send the reader to another site.
 */
public final class PacsViewerTemplate {

    /** The placeholders a template may use, each with how its value is made from the study. */
    enum Placeholder {
        STUDY_INSTANCE_UID("StudyInstanceUID", StudyIdentifiers::studyInstanceUid),
        ACCESSION_NUMBER("AccessionNumber", StudyIdentifiers::accessionNumber),
        PATIENT_ID("PatientID", StudyIdentifiers::patientId),
        ORTHANC_STUDY_ID(
                "OrthancStudyId",
                study -> study.studyInstanceUid() == null
                        ? null
                        : OrthancStudyId.of(study.patientId(), study.studyInstanceUid()));

        final String name;
        final Function<StudyIdentifiers, String> value;

        Placeholder(String name, Function<StudyIdentifiers, String> value) {
            this.name = name;
            this.value = value;
        }

        static Optional<Placeholder> named(String name) {
            for (Placeholder p : values()) {
                if (p.name.equals(name)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    private static final java.util.regex.Pattern BRACED = java.util.regex.Pattern.compile("\\{([^{}]*)}");

    /** The template cut into literal text (String) and placeholders, in order. */
    private final List<Object> parts;

    private PacsViewerTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /** The template, or an exception whose message says what is wrong with it (never a value of a study). */
    public static PacsViewerTemplate parse(String template) {
        return problem(template)
                .<PacsViewerTemplate>map(p -> {
                    throw new IllegalArgumentException(p);
                })
                .orElseGet(() -> new PacsViewerTemplate(split(template)));
    }

    /** What is wrong with the template, if anything: the start-up check of the configuration. */
    public static Optional<String> problem(String template) {
        if (template == null || template.isBlank()) {
            return Optional.of("is blank; leave it unset for no viewer link");
        }
        Matcher braced = BRACED.matcher(template);
        StringBuilder sample = new StringBuilder();
        int end = 0;
        while (braced.find()) {
            if (Placeholder.named(braced.group(1)).isEmpty()) {
                return Optional.of("has the unknown placeholder {" + braced.group(1) + "}; known: " + known());
            }
            sample.append(template, end, braced.start()).append("placeholder");
            end = braced.end();
        }
        String rest = template.substring(end);
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0 || sample.indexOf("{") >= 0 || sample.indexOf("}") >= 0) {
            return Optional.of("has an unmatched brace; placeholders are written {Name}, known: " + known());
        }
        sample.append(rest);
        URI uri;
        try {
            uri = new URI(sample.toString());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("must name a host (and no user or password)");
        }
        // The scheme and authority are fixed text: a placeholder there would let a value pick the site.
        int authorityEnd = template.indexOf('/', template.indexOf("//") + 2);
        String origin = authorityEnd < 0 ? template : template.substring(0, authorityEnd);
        if (origin.contains("{") || origin.contains("?") || origin.contains("#")) {
            return Optional.of("may use placeholders only after the host, in the path, query or fragment");
        }
        return Optional.empty();
    }

    /**
     * The link for one study; empty when a placeholder the template uses has no value yet (the study's
     * image details have not arrived), because a link with a blank in it would open the wrong thing.
     */
    public Optional<String> link(StudyIdentifiers study) {
        StringBuilder url = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder placeholder) {
                String value = placeholder.value.apply(study);
                // Dots alone ("." or "..") stay dots when encoded and a browser resolves them as path
                // steps: a sender's Patient ID or accession could move the link to another page of the host.
                if (value == null || value.isBlank() || value.chars().allMatch(c -> c == '.')) {
                    return Optional.empty();
                }
                url.append(encode(value));
            } else {
                url.append((String) part);
            }
        }
        return Optional.of(url.toString());
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, over UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static List<Object> split(String template) {
        List<Object> parts = new ArrayList<>();
        Matcher braced = BRACED.matcher(template);
        int end = 0;
        while (braced.find()) {
            parts.add(template.substring(end, braced.start()));
            parts.add(Placeholder.named(braced.group(1)).orElseThrow());
            end = braced.end();
        }
        parts.add(template.substring(end));
        return List.copyOf(parts);
    }

    private static String known() {
        List<String> names = new ArrayList<>();
        for (Placeholder p : Placeholder.values()) {
            names.add("{" + p.name + "}");
        }
        return String.join(", ", names);
    }
}
