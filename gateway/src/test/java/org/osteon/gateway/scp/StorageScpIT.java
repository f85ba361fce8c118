package org.osteon.gateway.scp;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osteon.platform.store.ObjectStores;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The SCP against real dcmtk peers: every transfer syntax it accepts, arriving as sent and decodable
 * by PixelMed; refusals at negotiation; the listener's status reaching the sender; the calling-AE
 * allow-list, the association limit and TLS.
 */
class StorageScpIT {

    @TempDir
    Path dir;

    private final List<StorageScp.ReceivedObject> received = new CopyOnWriteArrayList<>();
    private StorageScp scp;

    @AfterEach
    void stop() {
        if (scp != null) {
            scp.close();
        }
    }

    private StorageScp start(
            Set<String> allowed,
            int maxAssociations,
            StorageScp.Tls tls,
            ToIntFunction<StorageScp.ReceivedObject> status)
            throws IOException {
        scp = StorageScp.start(
                new StorageScp.Settings(freePort(), "OSTEON", allowed, maxAssociations, tls),
                dir.resolve("spool"),
                object -> {
                    // The spool file is the SCP's own and goes once the listener has answered: keep a copy.
                    try {
                        Path kept = java.nio.file.Files.copy(
                                object.file(),
                                java.nio.file.Files.createDirectories(dir.resolve("received"))
                                        .resolve(object.file().getFileName()));
                        received.add(new StorageScp.ReceivedObject(
                                kept,
                                object.sha256(),
                                object.sizeBytes(),
                                object.transferSyntaxUid(),
                                object.sopClassUid(),
                                object.sopInstanceUid(),
                                object.callingAeTitle(),
                                object.calledAeTitle()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return status.applyAsInt(object);
                });
        return scp;
    }

    private StorageScp start() throws IOException {
        return start(null, 4, null, o -> StorageScp.SUCCESS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "explicit VR little endian, 16, dcmconv +te, -xe, 1.2.840.10008.1.2.1",
        "implicit VR little endian, 16, dcmconv +ti, -xi, 1.2.840.10008.1.2",
        "explicit VR big endian,    16, dcmconv +tb, -xb, 1.2.840.10008.1.2.2",
        "deflated,                  16, dcmconv +td, -xd, 1.2.840.10008.1.2.1.99",
        "JPEG baseline,              8, dcmcjpeg +eb +un, -xy, 1.2.840.10008.1.2.4.50",
        "JPEG extended 8-bit,        8, dcmcjpeg +ee +un, -xx, 1.2.840.10008.1.2.4.51",
        "JPEG lossless SV1,         16, dcmcjpeg +e1, -xs, 1.2.840.10008.1.2.4.70",
        "JPEG lossless process 14,  16, dcmcjpeg +el, dcmsend, 1.2.840.10008.1.2.4.57",
        "RLE lossless,              16, dcmcrle, -xr, 1.2.840.10008.1.2.5",
    })
    @Timeout(60)
    void shouldStoreEachDecodableTransferSyntaxAsSentAndDecodeItsPixels(
            String name, int bits, String convert, String propose, String transferSyntax) throws Exception {
        start();
        String sop = "1.2.826.0.1.3680043.9.7777.30." + Math.abs(name.hashCode());
        Path source = write(bits, sop, dir.resolve("source.dcm"));
        Path sent = dir.resolve("sent.dcm");
        List<String> conversion = new ArrayList<>(List.of(convert.split(" ")));
        conversion.addAll(List.of(source.toString(), sent.toString()));
        DcmtkPeer.run(conversion).ok();

        // storescu has no option for process 14 (its -xs is SV1); dcmsend proposes a file's own syntax.
        List<String> storescu = new ArrayList<>(
                propose.equals("dcmsend")
                        ? List.of("dcmsend", "-aet", "STORESCU", "-aec", "OSTEON", "-dn")
                        : List.of("storescu", "-aec", "OSTEON", propose));
        storescu.addAll(List.of("localhost", Integer.toString(scp.port()), sent.toString()));
        DcmtkPeer.run(storescu).ok();

        assertThat(received).hasSize(1);
        StorageScp.ReceivedObject object = received.get(0);
        assertThat(object.transferSyntaxUid()).isEqualTo(transferSyntax);
        assertThat(object.sopInstanceUid()).isEqualTo(sop);
        assertThat(object.callingAeTitle()).isEqualTo("STORESCU");
        assertThat(ObjectStores.sha256(object.file())).isEqualTo(object.sha256());
        assertThat(Files.size(object.file())).isEqualTo(object.sizeBytes());
        // The header dcmtk reads back from our file names the syntax it was sent in.
        assertThat(DcmtkPeer.run(
                                "dcmdump",
                                "-Un",
                                "+P",
                                "0002,0010",
                                object.file().toString())
                        .ok()
                        .output())
                .contains(transferSyntax);
        // What scoring does with it: PixelMed decodes the stored pixels.
        AttributeList list = new AttributeList();
        list.read(object.file().toFile());
        BufferedImage image = new SourceImage(list).getBufferedImage(0);
        assertThat(image.getWidth()).isEqualTo(16);
        boolean lossy = transferSyntax.endsWith(".4.50") || transferSyntax.endsWith(".4.51");
        if (!lossy) {
            assertThat(image.getRaster().getSample(5, 3, 0)).isEqualTo(pixel(bits, 3 * 16 + 5));
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseAnUndecodableSyntaxAtNegotiationAndStayUp() throws Exception {
        start();
        Path source = write(16, "1.2.826.0.1.3680043.9.7777.31.1", dir.resolve("source.dcm"));
        Path j2k = dir.resolve("j2k.dcm");
        DcmtkPeer.run("gdcmconv", "--j2k", source.toString(), j2k.toString()).ok();
        // JPEG 2000 Part 2 multi-component, which neither PixelMed nor ingest decodes: the same codestream
        // relabelled (the UIDs have the same length, so the meta group's length stays right).
        byte[] bytes = Files.readAllBytes(j2k);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.92");
        Path part2 = Files.write(dir.resolve("part2.dcm"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        DcmtkPeer refused = DcmtkPeer.run(
                "storescu", "-aec", "OSTEON", "-R", "localhost", Integer.toString(scp.port()), part2.toString());

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        // Our refusal of the Part 2 context leaves storescu only an uncompressed one it cannot convert to.
        assertThat(refused.output()).contains("unable to convert dataset from 'JPEG 2000");
        assertThat(received).isEmpty();
        DcmtkPeer.run("echoscu", "-aec", "OSTEON", "localhost", Integer.toString(scp.port()))
                .ok();
    }

    @Test
    @Timeout(60)
    void shouldRefuseTwelveBitLossyJpegThatNothingHereDecodes() throws Exception {
        start();
        Path source = write(16, "1.2.826.0.1.3680043.9.7777.31.2", dir.resolve("source.dcm"));
        Path extended = dir.resolve("jpeg12.dcm");
        DcmtkPeer.run("dcmcjpeg", "+ee", "+un", source.toString(), extended.toString())
                .ok();

        DcmtkPeer refused = DcmtkPeer.run(
                "storescu",
                "-v",
                "-aec",
                "OSTEON",
                "-xx",
                "localhost",
                Integer.toString(scp.port()),
                extended.toString());

        assertThat(refused.output()).contains("Error: CannotUnderstand");
        assertThat(received).isEmpty();
        assertThat(dir.resolve("spool")).isEmptyDirectory();
    }

    @Test
    @Timeout(60)
    void shouldTellTheSenderWhenTheObjectIsNotDurable() throws Exception {
        start(null, 4, null, o -> StorageScp.REFUSED_OUT_OF_RESOURCES);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.32.1");

        DcmtkPeer peer = DcmtkPeer.run(
                "storescu", "-v", "-aec", "OSTEON", "localhost", Integer.toString(scp.port()), file.toString());

        assertThat(received).hasSize(1);
        assertThat(peer.output()).contains("Refused: OutOfResources");
    }

    @Test
    @Timeout(60)
    void shouldRejectACallingAeThatIsNotAllowed() throws Exception {
        start(Set.of("PACS1"), 4, null, o -> StorageScp.SUCCESS);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.33.1");
        String port = Integer.toString(scp.port());

        DcmtkPeer stranger =
                DcmtkPeer.run("storescu", "-aet", "INTRUDER", "-aec", "OSTEON", "localhost", port, file.toString());
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertThat(received).isEmpty();

        DcmtkPeer.run("storescu", "-aet", "PACS1", "-aec", "OSTEON", "localhost", port, file.toString())
                .ok();
        assertThat(received).hasSize(1);
    }

    @Test
    @Timeout(60)
    void shouldRefuseEveryCallingAeWhenTheAllowListIsEmpty() throws Exception {
        start(Set.of(), 4, null, o -> StorageScp.SUCCESS);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.33.2");

        DcmtkPeer refused = DcmtkPeer.run(
                "storescu",
                "-aet",
                "PACS1",
                "-aec",
                "OSTEON",
                "localhost",
                Integer.toString(scp.port()),
                file.toString());

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertThat(received).isEmpty();
    }

    @Test
    @Timeout(60)
    void shouldRejectAnAssociationBeyondTheLimitWhileAnotherIsOpen() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(null, 1, null, o -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StorageScp.SUCCESS;
        });
        Path first = TestDicom.writeRadiograph(dir.resolve("a.dcm"), "1.2.826.0.1.3680043.9.7777.34.1");
        Path second = TestDicom.writeRadiograph(dir.resolve("b.dcm"), "1.2.826.0.1.3680043.9.7777.34.2");
        String port = Integer.toString(scp.port());

        var firstPeer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return DcmtkPeer.run("storescu", "-aec", "OSTEON", "localhost", port, first.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        DcmtkPeer overLimit = DcmtkPeer.run("storescu", "-aec", "OSTEON", "localhost", port, second.toString());
        release.countDown();

        assertThat(overLimit.exitCode()).isNotZero();
        assertThat(overLimit.output()).containsIgnoringCase("Local Limit Exceeded");
        firstPeer.get(30, TimeUnit.SECONDS).ok();
        // The slot is free again once the first association is released.
        DcmtkPeer.run("storescu", "-aec", "OSTEON", "localhost", port, second.toString())
                .ok();
        assertThat(received)
                .extracting(StorageScp.ReceivedObject::sopInstanceUid)
                .containsExactly("1.2.826.0.1.3680043.9.7777.34.1", "1.2.826.0.1.3680043.9.7777.34.2");
    }

    @Test
    @Timeout(90)
    void shouldAcceptStorageAndEchoOverTls() throws Exception {
        Path keyStore = dir.resolve("scp.p12");
        Path certificate = dir.resolve("scp.pem");
        TestTls.selfSigned(keyStore, certificate, "changeit");
        start(
                null,
                4,
                new StorageScp.Tls(TestTls.context(keyStore, "changeit"), false, false),
                o -> StorageScp.SUCCESS);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.35.1");
        String port = Integer.toString(scp.port());

        // +tla: TLS without a client certificate; +cf: trust our self-signed server certificate.
        DcmtkPeer.run("echoscu", "+tla", "+cf", certificate.toString(), "-aec", "OSTEON", "localhost", port)
                .ok();
        DcmtkPeer.run(
                        "storescu",
                        "+tla",
                        "+cf",
                        certificate.toString(),
                        "-aec",
                        "OSTEON",
                        "localhost",
                        port,
                        file.toString())
                .ok();
        assertThat(received).hasSize(1);

        DcmtkPeer plain = DcmtkPeer.run("storescu", "-aec", "OSTEON", "localhost", port, file.toString());
        assertThat(plain.exitCode()).isNotZero();
        assertThat(received).hasSize(1);
    }

    /** The test radiograph, or an 8-bit variant of it for the 8-bit-only JPEG baseline. */
    private static Path write(int bits, String sop, Path file) throws Exception {
        AttributeList list = TestDicom.radiograph(sop);
        if (bits == 8) {
            byte[] values = new byte[16 * 16];
            for (int i = 0; i < values.length; i++) {
                values[i] = (byte) pixel(8, i);
            }
            list.remove(TagFromName.PixelData);
            OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(values);
            list.put(pixels);
            set(list, TagFromName.BitsAllocated, 8);
            set(list, TagFromName.BitsStored, 8);
            set(list, TagFromName.HighBit, 7);
        }
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    @Test
    @Timeout(60)
    void shouldRequireAClientCertificateAndBindItsCommonNameToTheCallingAe() throws Exception {
        Path keyStore = dir.resolve("scp.p12");
        Path certificate = dir.resolve("scp.pem");
        TestTls.selfSigned(keyStore, certificate, "changeit");
        Path pacsKey = dir.resolve("pacs1.key");
        Path pacsCertificate = dir.resolve("pacs1.pem");
        TestTls.clientCertificate(pacsKey, pacsCertificate, "PACS1");
        start(
                null,
                4,
                new StorageScp.Tls(TestTls.context(keyStore, "changeit", pacsCertificate), true, true),
                o -> StorageScp.SUCCESS);
        Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), "1.2.826.0.1.3680043.9.7777.35.2");
        String port = Integer.toString(scp.port());
        List<String> asPacs1 = List.of(
                "storescu",
                "+tls",
                pacsKey.toString(),
                pacsCertificate.toString(),
                "+cf",
                certificate.toString(),
                "-aec",
                "OSTEON",
                "localhost",
                port,
                file.toString());

        DcmtkPeer withoutCertificate = DcmtkPeer.run(
                "storescu",
                "+tla",
                "+cf",
                certificate.toString(),
                "-aet",
                "PACS1",
                "-aec",
                "OSTEON",
                "localhost",
                port,
                file.toString());
        DcmtkPeer otherAe = DcmtkPeer.run(
                concat(asPacs1.subList(0, 1), List.of("-aet", "MODALITY2"), asPacs1.subList(1, asPacs1.size())));
        assertThat(withoutCertificate.exitCode()).as("no client certificate").isNotZero();
        assertThat(otherAe.exitCode())
                .as("a certificate for PACS1 speaking as MODALITY2")
                .isNotZero();
        assertThat(otherAe.output()).containsIgnoringCase("Calling AE Title Not Recognized");
        assertThat(received).isEmpty();

        DcmtkPeer.run(concat(asPacs1.subList(0, 1), List.of("-aet", "PACS1"), asPacs1.subList(1, asPacs1.size())))
                .ok();
        assertThat(received).hasSize(1);
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static void set(AttributeList list, com.pixelmed.dicom.AttributeTag tag, int value) throws Exception {
        com.pixelmed.dicom.Attribute attribute = list.get(tag);
        attribute.removeValues();
        attribute.addValue(value);
    }

    /** TestDicom's pixel ramp (and an 8-bit one); lossy JPEG changes values, so only lossless syntaxes compare them. */
    private static int pixel(int bits, int i) {
        return bits == 8 ? (i * 7) % 256 : (i * 37) % 4096;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
