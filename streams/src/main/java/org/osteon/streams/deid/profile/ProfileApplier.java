package org.osteon.streams.deid.profile;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ValueRepresentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Applies a {@link DeidProfile} to a data set, recursing into every item of every sequence, and
 * records what it did. Beyond the table it removes every private attribute the Retain Safe Private
 * option does not keep, and replaces every UID outside the standard's own root wherever it occurs,
 * so references between de-identified objects stay consistent.
 */
public final class ProfileApplier {

    /** UIDs under this root name SOP classes, transfer syntaxes and coding schemes, never an instance. */
    private static final String STANDARD_UID_ROOT = "1.2.840.10008.";

    /** Deeper nesting than this is refused, not followed: no real radiograph nests anywhere near it. */
    static final int MAX_DEPTH = 32;

    private final DeidProfile profile;
    private final Set<String> options;
    private final UnaryOperator<String> uidReplacement;
    private final DateShifter dateShifter;
    private final TextCleaner cleaner;
    private final List<AuditEntry> audit = new ArrayList<>();

    /**
     * @param dateShifter how dates move under the modified-dates option; null when that option is off
     */
    public ProfileApplier(
            DeidProfile profile,
            Set<String> options,
            UnaryOperator<String> uidReplacement,
            DateShifter dateShifter,
            TextCleaner cleaner) {
        this.profile = profile;
        this.options = options;
        this.uidReplacement = uidReplacement;
        this.dateShifter = dateShifter;
        this.cleaner = cleaner;
    }

    /** De-identifies {@code list} in place; returns the audit of everything done, in data-set order. */
    public List<AuditEntry> apply(AttributeList list) throws DicomException {
        apply(list, "", 0);
        return List.copyOf(audit);
    }

    private void apply(AttributeList list, String path, int depth) throws DicomException {
        if (depth > MAX_DEPTH) {
            throw new DicomException("sequences nested deeper than " + MAX_DEPTH + " levels at " + path);
        }
        for (Attribute attribute : new ArrayList<>(list.values())) {
            AttributeTag tag = attribute.getTag();
            String here = path + tagText(tag);
            if (tag.isPrivate()) {
                applyPrivate(list, attribute, here);
                continue;
            }
            Optional<AttributeRule> rule = profile.ruleFor(tag.getGroup(), tag.getElement());
            byte[] vr = attribute.getVR();
            if (rule.isEmpty()) {
                if (attribute instanceof SequenceAttribute sequence) {
                    recurse(sequence, here, depth);
                } else if (ValueRepresentation.isUniqueIdentifierVR(vr) && replaceUids(attribute)) {
                    record(here, tag, Action.U, "uid");
                }
                continue;
            }
            DeidProfile.Resolution resolution = profile.resolution(rule.get(), attribute.getVRAsString(), options);
            Action action = resolution.action();
            String basis = resolution.basis();
            if (attribute instanceof SequenceAttribute
                    && (action == Action.Z || action == Action.D)
                    && rule.get().basicCode().contains("X")) {
                // Listed sequences that may be removed are Type 3 where radiographs carry them: an
                // empty sequence there is an error, an absent one is not.
                action = Action.X;
                basis = "basic " + rule.get().basicCode();
            }
            if (action == Action.C
                    && !(attribute instanceof SequenceAttribute)
                    && ValueRepresentation.isUnknownVR(vr)) {
                // UN bytes are in no known encoding: nothing can tell what cleaning them would leave.
                action = Action.X;
                basis = basis + "; VR UN cannot be cleaned";
            }
            apply(list, attribute, action, here, depth);
            record(here, rule.get().name(), action, basis);
        }
    }

    private void apply(AttributeList list, Attribute attribute, Action action, String here, int depth)
            throws DicomException {
        AttributeTag tag = attribute.getTag();
        byte[] vr = attribute.getVR();
        boolean sequence = attribute instanceof SequenceAttribute;
        switch (action) {
            case X -> list.remove(tag);
            case Z -> empty(list, attribute);
            case D -> {
                if (sequence) {
                    empty(list, attribute);
                } else if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
                    replaceUids(attribute);
                } else {
                    dummy(list, attribute);
                }
            }
            case K -> {
                if (sequence) {
                    recurse((SequenceAttribute) attribute, here, depth);
                }
            }
            case C -> {
                if (sequence) {
                    recurse((SequenceAttribute) attribute, here, depth);
                } else {
                    clean(list, attribute);
                }
            }
            case U -> {
                if (sequence) {
                    recurse((SequenceAttribute) attribute, here, depth);
                } else if (ValueRepresentation.isUniqueIdentifierVR(vr)) {
                    replaceUids(attribute);
                } else {
                    empty(list, attribute);
                }
            }
        }
    }

    private void recurse(SequenceAttribute sequence, String here, int depth) throws DicomException {
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            apply(sequence.getItem(i).getAttributeList(), here + "[" + i + "]/", depth + 1);
        }
    }

    /**
     * Private attributes go, unless Retain Safe Private is on and the profile lists this element of
     * this creator's block as safe; a creator stays only while a kept element needs it.
     */
    private void applyPrivate(AttributeList list, Attribute attribute, String here) throws DicomException {
        AttributeTag tag = attribute.getTag();
        boolean keep = false;
        if (options.contains("retain-safe-private")) {
            int element = tag.getElement();
            if (element >= 0x0010 && element <= 0x00FF) {
                keep = profile.safePrivate().stream()
                        .anyMatch(
                                a -> a.group() == tag.getGroup() && a.creator().equals(stringValue(attribute)));
            } else if (element > 0x00FF) {
                String creator = stringValue(list.get(new AttributeTag(tag.getGroup(), element >> 8)));
                keep = profile.safePrivate().stream()
                        .anyMatch(a -> a.group() == tag.getGroup()
                                && a.elementInBlock() == (element & 0xFF)
                                && a.creator().equals(creator));
            }
        }
        if (!keep) {
            list.remove(tag);
        }
        record(here, "private", keep ? Action.K : Action.X, keep ? "retain-safe-private" : "private");
    }

    /**
     * A fresh zero-length attribute of the same VR: some PixelMed attribute types (UN, the binary
     * VRs) keep their old length after removeValues() and would then write a corrupt data set.
     */
    private static void empty(AttributeList list, Attribute attribute) throws DicomException {
        AttributeTag tag = attribute.getTag();
        if (ValueRepresentation.isUnknownVR(attribute.getVR())) {
            // An unknown VR cannot be Type 1 or 2 of any IOD the writer knew, and PixelMed cannot
            // write an empty one: removing it is the equivalent.
            list.remove(tag);
            return;
        }
        list.put(
                attribute instanceof SequenceAttribute
                        ? new SequenceAttribute(tag)
                        : AttributeFactory.newAttribute(tag, attribute.getVR()));
    }

    /** A value that says nothing and still satisfies the VR, so a Type 1 attribute stays valid. */
    private static void dummy(AttributeList list, Attribute attribute) throws DicomException {
        byte[] vr = attribute.getVR();
        String value;
        if (ValueRepresentation.isDateVR(vr)) {
            value = "19000101";
        } else if (ValueRepresentation.isTimeVR(vr)) {
            value = "000000";
        } else if (ValueRepresentation.isDateTimeVR(vr)) {
            value = "19000101000000";
        } else if (ValueRepresentation.isAgeStringVR(vr)) {
            value = "000D";
        } else if (ValueRepresentation.isDecimalStringVR(vr)
                || ValueRepresentation.isIntegerStringVR(vr)
                || ValueRepresentation.isUnsignedShortVR(vr)
                || ValueRepresentation.isSignedShortVR(vr)
                || ValueRepresentation.isUnsignedLongVR(vr)
                || ValueRepresentation.isSignedLongVR(vr)
                || ValueRepresentation.isFloatSingleVR(vr)
                || ValueRepresentation.isFloatDoubleVR(vr)) {
            value = "0";
        } else if (ValueRepresentation.isPersonNameVR(vr)
                || ValueRepresentation.isApplicationEntityVR(vr)
                || ValueRepresentation.isCodeStringVR(vr)
                || ValueRepresentation.isShortStringVR(vr)
                || ValueRepresentation.isLongStringVR(vr)
                || ValueRepresentation.isShortTextVR(vr)
                || ValueRepresentation.isLongTextVR(vr)
                || ValueRepresentation.isUnlimitedTextVR(vr)
                || ValueRepresentation.isUnlimitedCharactersVR(vr)) {
            value = "ANONYMIZED";
        } else {
            // Binary and unknown VRs have no meaningful dummy: empty is the safe equivalent.
            empty(list, attribute);
            return;
        }
        attribute.removeValues();
        attribute.addValue(value);
    }

    private void clean(AttributeList list, Attribute attribute) throws DicomException {
        byte[] vr = attribute.getVR();
        String[] values = attribute.getStringValues();
        if (values == null || values.length == 0) {
            return;
        }
        List<String> cleaned = new ArrayList<>();
        if (ValueRepresentation.isDateVR(vr) || ValueRepresentation.isDateTimeVR(vr)) {
            if (dateShifter == null) {
                empty(list, attribute);
                return;
            }
            for (String value : values) {
                Optional<String> shifted = ValueRepresentation.isDateVR(vr)
                        ? dateShifter.shiftDate(value)
                        : dateShifter.shiftDateTime(value);
                if (shifted.isEmpty()) {
                    empty(list, attribute);
                    return;
                }
                cleaned.add(shifted.get());
            }
        } else if (ValueRepresentation.isTimeVR(vr)) {
            return;
        } else if (isText(vr)) {
            for (String value : values) {
                String clean = cleaner.clean(value);
                if (!TextCleaner.isEmptied(clean)) {
                    cleaned.add(clean);
                }
            }
        } else {
            // Numbers and codes carry no free text to clean.
            return;
        }
        attribute.removeValues();
        for (String value : cleaned) {
            attribute.addValue(value);
        }
    }

    private static boolean isText(byte[] vr) {
        return ValueRepresentation.isLongStringVR(vr)
                || ValueRepresentation.isShortStringVR(vr)
                || ValueRepresentation.isLongTextVR(vr)
                || ValueRepresentation.isShortTextVR(vr)
                || ValueRepresentation.isUnlimitedTextVR(vr)
                || ValueRepresentation.isUnlimitedCharactersVR(vr)
                || ValueRepresentation.isPersonNameVR(vr);
    }

    /** Replaces every instance UID in the attribute; true when anything changed. */
    private boolean replaceUids(Attribute attribute) throws DicomException {
        String[] values = attribute.getStringValues();
        if (values == null || values.length == 0) {
            return false;
        }
        boolean changed = false;
        List<String> replaced = new ArrayList<>(values.length);
        for (String value : values) {
            String uid = value.strip();
            if (uid.isEmpty() || uid.startsWith(STANDARD_UID_ROOT)) {
                replaced.add(uid);
            } else {
                replaced.add(uidReplacement.apply(uid));
                changed = true;
            }
        }
        attribute.removeValues();
        for (String uid : replaced) {
            attribute.addValue(uid);
        }
        return changed;
    }

    private void record(String path, AttributeTag tag, Action action, String basis) {
        DicomDictionary dictionary = AttributeList.getDictionary();
        String name = dictionary.getFullNameFromTag(tag);
        record(path, name == null ? tagText(tag) : name, action, basis);
    }

    private void record(String path, String name, Action action, String basis) {
        audit.add(new AuditEntry(path, name, action, basis));
    }

    private static String stringValue(Attribute attribute) {
        return attribute == null
                ? null
                : Attribute.getSingleStringValueOrEmptyString(attribute).strip();
    }

    static String tagText(AttributeTag tag) {
        return String.format("(%04X,%04X)", tag.getGroup(), tag.getElement());
    }
}
