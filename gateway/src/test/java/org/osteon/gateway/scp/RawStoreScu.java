package org.osteon.gateway.scp;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.PresentationContext;
import java.util.LinkedList;

/**
 * A Storage SCU that sends a data set's bytes exactly as given, never parsing them, as a broken or
 * hostile sender does: dcmtk's storescu reads a file before it sends it, and would refuse (or crash on)
 * the objects the gateway must survive.
 */
public final class RawStoreScu {

    /** No C-STORE-RSP arrived: the SCP aborted or closed the association. */
    public static final int NO_RESPONSE = -1;

    private RawStoreScu() {}

    /** @return the C-STORE-RSP status, or {@link #NO_RESPONSE} */
    public static int store(
            int port,
            String callingAe,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntax,
            byte[] dataSet)
            throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, sopClassUid, transferSyntax));
        Association association =
                AssociationFactory.createNewAssociation("127.0.0.1", port, "OSTEON", callingAe, contexts, null, false);
        try {
            StatusHandler status = new StatusHandler();
            association.setReceivedDataHandler(status);
            byte context = association.getSuitablePresentationContextID(sopClassUid, transferSyntax);
            // PDVs have even lengths; a deflated data set of odd length is padded with one null byte (PS3.5 A.5).
            byte[] even = dataSet.length % 2 == 0 ? dataSet : java.util.Arrays.copyOf(dataSet, dataSet.length + 1);
            association.send(context, new CStoreRequestCommandMessage(sopClassUid, sopInstanceUid).getBytes(), even);
            association.waitForCommandPDataPDUs();
            association.release();
            return status.getStatus();
        } catch (com.pixelmed.network.DicomNetworkException | java.io.IOException e) {
            return NO_RESPONSE;
        }
    }

    private static final class StatusHandler extends CompositeResponseHandler {
        StatusHandler() {
            status = NO_RESPONSE;
        }

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, NO_RESPONSE);
            success = status == 0;
        }
    }
}
