package org.osteon.platform.dicom;

import java.io.IOException;
import org.osteon.platform.dicom.ElementVisitor.Action;

/**
 * Walks a data set's structure through a {@link DicomElementReader}: elements, sequences of defined
 * or undefined length, their items and delimiters, encapsulated pixel data fragments, and implicit VR
 * UN sequences, asking an {@link ElementVisitor} what each element means. It keeps no value.
 *
 * <p>It is written for hostile input: every defined length is checked against the caller's value
 * limit and against what remains of its item and its source before anything is skipped, read or
 * walked; sequences nest no deeper than the caller's limit (the top-level data set is depth 0, the
 * items of a sequence in it depth 1), which bounds the recursion; and an item, delimiter or length
 * out of place is a {@link MalformedDicomException} that says which and at which byte.
 */
public final class DicomStreamWalker {

    private static final long NO_END = DicomElementReader.UNKNOWN_END;
    private static final long UNDEFINED = DicomElementReader.UNDEFINED_LENGTH;

    private final DicomElementReader r;
    private final int maxDepth;
    private final long maxValueBytes;
    private boolean stopped;

    /**
     * @param maxDepth deepest nesting of sequences accepted
     * @param maxValueBytes largest defined length accepted for a value, an item or a fragment
     */
    public DicomStreamWalker(DicomElementReader reader, int maxDepth, long maxValueBytes) {
        if (maxDepth < 0 || maxValueBytes < 0) {
            throw new IllegalArgumentException("negative limit: depth " + maxDepth + ", value " + maxValueBytes);
        }
        this.r = reader;
        this.maxDepth = maxDepth;
        this.maxValueBytes = maxValueBytes;
    }

    public DicomElementReader reader() {
        return r;
    }

    /**
     * The file meta information: group 0002 elements, always explicit VR little endian and of defined
     * length, up to the first element of another group, which is left unread. The visitor may answer
     * {@link Action#SKIP} or {@link Action#READ} (anything else skips).
     */
    public void fileMeta(ElementVisitor visitor) throws MalformedDicomException, IOException {
        r.bigEndian(false);
        while (!r.atEnd()) {
            if (Tags.group(r.peekTag()) != Tags.FILE_META_GROUP) {
                return;
            }
            long tagAt = r.position();
            r.readTag();
            r.readVr(true);
            visitor.explicitVr(r);
            long length = r.readLength();
            if (length == UNDEFINED) {
                throw new MalformedDicomException(
                        "undefined length for " + r.describe() + " at byte " + tagAt + " in the file meta information");
            }
            checkLength(length, tagAt, NO_END, ELEMENT);
            if (visitor.element(r, 0) == Action.READ) {
                r.readValue(visitor);
            } else {
                r.skip(length);
            }
        }
    }

    /**
     * The top-level data set, in the reader's byte order, to the end of the source or until the
     * visitor answers {@link Action#STOP}.
     *
     * @return whether the visitor stopped the walk
     */
    public boolean dataSet(ElementVisitor visitor, boolean explicit) throws MalformedDicomException, IOException {
        stopped = false;
        dataSet(visitor, explicit, NO_END, 0);
        return stopped;
    }

    /**
     * What PS3.5 says to do with the value of the element {@code reader} has just read: an SQ is a
     * sequence; of undefined length, pixel data (OB, OW, UN or implicit) is encapsulated, an UN or an
     * implicit VR element of no known VR is a sequence in implicit VR (6.2.2), and anything else is
     * refused; of defined length, other values are skipped.
     */
    public static Action standard(DicomElementReader reader) throws MalformedDicomException {
        int vr = reader.vr();
        if (vr == Vr.SQ) {
            return Action.SEQUENCE;
        }
        if (!reader.undefinedLength()) {
            return Action.SKIP;
        }
        if (reader.tag() == Tags.PIXEL_DATA && (!reader.explicit() || vr == Vr.OB || vr == Vr.OW || vr == Vr.UN)) {
            return Action.FRAGMENTS;
        }
        if (vr == Vr.NONE || vr == Vr.UN) {
            return Action.IMPLICIT_SEQUENCE;
        }
        throw notAllowed(reader);
    }

    /**
     * Elements up to {@code end} (a defined-length item), to an item delimiter ({@code end == NO_END},
     * {@code depth > 0}), or to the end of the source (the top level).
     */
    private void dataSet(ElementVisitor v, boolean explicit, long end, int depth)
            throws MalformedDicomException, IOException {
        while (!stopped) {
            if (end != NO_END && r.position() == end) {
                return;
            }
            long tagAt = r.position();
            if (depth == 0 && r.atEnd()) {
                return;
            }
            int tag = r.readTag();
            if (tag == Tags.ITEM_DELIMITATION && depth > 0 && end == NO_END) {
                if (r.readItemLength() != 0) {
                    throw new MalformedDicomException("item delimitation item with a non-zero length at byte " + tagAt);
                }
                return;
            }
            if (Tags.group(tag) == Tags.DELIMITER_GROUP) {
                throw new MalformedDicomException(
                        "item or delimiter " + Tags.toString(tag) + " out of place at byte " + tagAt);
            }
            element(v, tag, tagAt, explicit, end, depth);
            if (end != NO_END && r.position() > end) {
                throw new MalformedDicomException(
                        Tags.toString(tag) + " at byte " + tagAt + " runs past the end of its item at byte " + end);
            }
        }
    }

    private void element(ElementVisitor v, int tag, long tagAt, boolean explicit, long end, int depth)
            throws MalformedDicomException, IOException {
        r.readVr(explicit);
        if (explicit) {
            v.explicitVr(r);
        }
        long length = r.readLength();
        if (!explicit) {
            r.implicitVr(v.implicitVr(tag));
        }
        boolean undefined = length == UNDEFINED;
        if (!undefined) {
            checkLength(length, tagAt, end, ELEMENT);
        }
        Action action = v.element(r, depth);
        if (action == Action.STANDARD) {
            action = standard(r);
        }
        switch (action) {
            case SKIP, READ -> {
                if (undefined) {
                    throw notAllowed(r);
                }
                if (action == Action.READ) {
                    r.readValue(v);
                } else {
                    r.skip(length);
                }
            }
            case SEQUENCE, IMPLICIT_SEQUENCE ->
                sequence(
                        v,
                        tag,
                        tagAt,
                        explicit && action == Action.SEQUENCE,
                        undefined ? NO_END : Math.addExact(r.position(), length),
                        depth + 1);
            case FRAGMENTS -> {
                if (!undefined) {
                    throw new IllegalStateException("fragments of a defined-length value at byte " + tagAt);
                }
                fragments(v, tagAt);
            }
            case STOP -> stopped = true;
            default -> throw new IllegalStateException(action.toString());
        }
    }

    private void sequence(ElementVisitor v, int tag, long tagAt, boolean explicit, long end, int depth)
            throws MalformedDicomException, IOException {
        if (depth > maxDepth) {
            throw new MalformedDicomException("sequences nested deeper than " + maxDepth + " levels at "
                    + Tags.toString(tag) + ", byte " + tagAt);
        }
        while (end == NO_END || r.position() < end) {
            long itemAt = r.position();
            int item = r.readTag();
            long length = r.readItemLength();
            if (item == Tags.SEQUENCE_DELIMITATION && end == NO_END) {
                if (length != 0) {
                    throw new MalformedDicomException(
                            "sequence delimitation item with a non-zero length at byte " + itemAt);
                }
                return;
            }
            if (item != Tags.ITEM) {
                throw new MalformedDicomException("expected an item in sequence " + Tags.toString(tag) + " at byte "
                        + itemAt + ", found " + Tags.toString(item));
            }
            if (length == UNDEFINED) {
                v.item(r, depth);
                dataSet(v, explicit, NO_END, depth);
            } else {
                checkLength(length, itemAt, end, tag & 0xFFFFFFFFL);
                if (v.item(r, depth)) {
                    dataSet(v, explicit, Math.addExact(r.position(), length), depth);
                } else {
                    r.skip(length);
                }
            }
            if (stopped) {
                return;
            }
        }
        if (r.position() != end) {
            throw new MalformedDicomException("sequence " + Tags.toString(tag) + " at byte " + tagAt
                    + " overruns its length by " + (r.position() - end) + " bytes");
        }
    }

    /** Encapsulated pixel data: defined-length fragments (the first is the offset table), then a delimiter. */
    private void fragments(ElementVisitor v, long tagAt) throws MalformedDicomException, IOException {
        while (true) {
            long itemAt = r.position();
            int item = r.readTag();
            long length = r.readItemLength();
            if (item == Tags.SEQUENCE_DELIMITATION) {
                return;
            }
            if (item != Tags.ITEM || length == UNDEFINED) {
                throw new MalformedDicomException("encapsulated pixel data at byte " + tagAt + " has "
                        + Tags.toString(item) + (length == UNDEFINED ? " of undefined length" : "") + " at byte "
                        + itemAt + " where a fragment belongs");
            }
            checkLength(length, itemAt, NO_END, FRAGMENT);
            v.fragment(r);
            r.skip(length);
        }
    }

    /** What {@link #checkLength} checks: an element's value, a fragment, else an item of the sequence with that tag. */
    private static final long ELEMENT = -1;

    private static final long FRAGMENT = -2;

    /**
     * A defined length must fit the caller's limit, the enclosing item ({@code end}) and the source.
     * The message's subject is built only on refusal: this runs for every element.
     */
    private void checkLength(long length, long at, long end, long subject) throws MalformedDicomException {
        if (length > maxValueBytes) {
            throw new MalformedDicomException(what(subject) + " at byte " + at + " declares " + length
                    + " bytes, more than the " + maxValueBytes + " allowed for one value");
        }
        long sourceEnd = r.end();
        long limit = Math.min(end, sourceEnd);
        if (limit != NO_END && length > limit - r.position()) {
            throw new MalformedDicomException(what(subject) + " at byte " + at + " declares " + length
                    + " bytes, but only " + Math.max(0, limit - r.position()) + " remain in the "
                    + (end < sourceEnd ? "enclosing item" : r.where()));
        }
    }

    private String what(long subject) {
        if (subject == ELEMENT) {
            return r.describe();
        }
        return subject == FRAGMENT ? "pixel data fragment" : "item of " + Tags.toString((int) subject);
    }

    private static MalformedDicomException notAllowed(DicomElementReader reader) {
        return new MalformedDicomException(
                "undefined length is not allowed for " + reader.describe() + " at byte " + reader.headerAt());
    }
}
