package org.osteon.platform.dicom;

/**
 * What a caller of {@link DicomStreamWalker} decides: what to do with each element, whether to walk
 * each item, what the values it asked for say. The walker owns the structure (items, delimiters,
 * undefined lengths, depth, bounds); a visitor owns the meaning.
 *
 * <p>Every hook sees the header just read in the {@link DicomElementReader} it is given. By the time a
 * hook sees a defined length, the walker has checked it against the caller's value limit and against
 * the bytes that remain in the enclosing item and in the source.
 */
public interface ElementVisitor {

    /** What to do with an element's value. */
    enum Action {
        /** What PS3.5 says for this VR and length; see {@link DicomStreamWalker#standard}. */
        STANDARD,
        /** Skip the value; refused for an undefined length. */
        SKIP,
        /** Hand the value to {@link #value}; refused for an undefined length. */
        READ,
        /** Walk the value as a sequence of items, in the current encoding. */
        SEQUENCE,
        /** Walk the value as a sequence of items in implicit VR (a UN sequence, PS3.5 6.2.2). */
        IMPLICIT_SEQUENCE,
        /** Walk undefined-length encapsulated pixel data: fragments up to a sequence delimiter. */
        FRAGMENTS,
        /** End the walk here, with the reader at the start of this element's value. */
        STOP
    }

    /**
     * An explicit VR has just been read, and is one PS3.5 lists; its length has not. The place to check
     * it against a dictionary, before anything is said about the length.
     */
    default void explicitVr(DicomElementReader reader) throws MalformedDicomException {}

    /**
     * An element's header has been read ({@link DicomElementReader#tag()}, {@link DicomElementReader#vr()},
     * {@link DicomElementReader#length()}); returns what to do with its value. {@code depth} counts the
     * sequences around it: 0 in the top-level data set and the file meta information.
     */
    Action element(DicomElementReader reader, int depth) throws MalformedDicomException;

    /**
     * A piece of the value of an element {@link #element} answered {@link Action#READ} for: all of it in
     * one call from a byte array, or in pieces of up to {@link DicomElementReader#CHUNK} bytes from a
     * stream. The bytes are the reader's: read them here, do not keep them.
     */
    default void value(DicomElementReader reader, byte[] bytes, int offset, int count) throws MalformedDicomException {}

    /**
     * An item of a sequence at {@code depth} (that of the sequence); returns whether to walk the
     * elements of an item of defined length, rather than skip it whole. An item of undefined length is
     * always walked: its end is only found that way.
     */
    default boolean item(DicomElementReader reader, int depth) throws MalformedDicomException {
        return true;
    }

    /** A fragment of encapsulated pixel data, which the walker then skips. */
    default void fragment(DicomElementReader reader) throws MalformedDicomException {}

    /** The VR of {@code tag} in implicit VR, e.g. {@link Vr#dictionary}; {@link Vr#NONE} when not needed. */
    default int implicitVr(int tag) {
        return Vr.NONE;
    }
}
