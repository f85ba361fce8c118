package org.osteon.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osteon.gateway.scp.DcmtkPeer;
import org.osteon.platform.dicom.DicomInputGuard;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.dicom.UnreadableDicomException;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * The real gdcmconv on objects encoded by GDCM and dcmtk: lossless ones decode to the sample's pixels,
 * lossy ones stay marked lossy, UIDs never change, and every failure is sorted as bad input or a fault
 * of this side with nothing left in the spool.
 */
class TranscoderTest {

    @TempDir
    Path dir;

    private final Transcoder transcoder = Transcoder.defaults();

    private Path spool() {
        return dir.resolve("spool");
    }

    @ParameterizedTest
    @EnumSource(EncodedSamples.class)
    @Timeout(60)
    void shouldDecodeToExplicitLittleEndianKeepingUidsAndLossyMarking(EncodedSamples syntax) throws Exception {
        Path encoded = syntax.write(dir.resolve("encoded.dcm"));

        Path decoded = transcoder.transcode(encoded, spool());

        assertThat(decoded).startsWith(spool());
        var before = DicomObjects.readRoutingHeader(encoded);
        var after = DicomObjects.readRoutingHeader(decoded);
        assertThat(after.transferSyntaxUid()).isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        assertThat(after.sopInstanceUid()).isEqualTo(before.sopInstanceUid());
        assertThat(after.studyInstanceUid()).isEqualTo(before.studyInstanceUid());
        Transcoder.checkSameObject(before, after);
        AttributeList list = EncodedSamples.read(decoded);
        if (syntax.lossless) {
            assertThat(EncodedSamples.pixels(decoded)).isEqualTo(EncodedSamples.pixels(EncodedSamples.SAMPLE));
            assertThat(list.get(TagFromName.LossyImageCompression)).isNull();
        } else {
            // Once lossy, always lossy (PS3.3 C.7.6.1.1.5): scoring and a reader must know.
            assertThat(list.get(TagFromName.LossyImageCompression).getSingleStringValueOrNull())
                    .isEqualTo("01");
        }
    }

    @ParameterizedTest
    @EnumSource(EncodedSamples.class)
    @Timeout(60)
    void shouldCallACorruptCodestreamUndecodableAndLeaveNothingBehind(EncodedSamples syntax) throws Exception {
        Path corrupt = EncodedSamples.corrupt(syntax.write(dir.resolve("encoded.dcm")), dir.resolve("corrupt.dcm"));
        DicomInputGuard.check(corrupt, DicomLimits.DEFAULTS);

        assertThatThrownBy(() -> transcoder.transcode(corrupt, spool()))
                .isInstanceOf(Transcoder.UndecodableException.class)
                .hasMessageContaining("cannot decode the pixel data");
        assertThat(spool()).isEmptyDirectory();
    }

    @Test
    @Timeout(60)
    void shouldKillADecodePastTheTimeoutAsBadInputAndDeleteItsOutput() throws Exception {
        AttributeList list = TestDicom.radiograph("1.2.826.0.1.3680043.9.7777.60.1");
        TestDicom.addPixels(list, 2000, 2000);
        Path big = TestDicom.write(list, dir.resolve("big.dcm"));
        Path encoded = dir.resolve("big-j2k.dcm");
        DcmtkPeer.run("gdcmconv", "--j2k", big.toString(), encoded.toString()).ok();
        Transcoder impatient = new Transcoder(
                Transcoder.DEFAULT_GDCMCONV, Duration.ofMillis(1), DicomLimits.DEFAULTS.maxObjectBytes());

        assertThatThrownBy(() -> impatient.transcode(encoded, spool()))
                .isInstanceOf(Transcoder.UndecodableException.class)
                .hasMessageContaining("longer than");
        assertThat(spool()).isEmptyDirectory();
        // Bounded output is the same kill: a decoded radiograph of 8 MB cannot fit 1 MB.
        Transcoder cramped = new Transcoder(Transcoder.DEFAULT_GDCMCONV, Duration.ofSeconds(30), 2L << 20);
        assertThatThrownBy(() -> cramped.transcode(encoded, spool()))
                .isInstanceOf(Transcoder.UndecodableException.class)
                .hasMessageContaining("more than");
        assertThat(spool()).isEmptyDirectory();
    }

    @Test
    @Timeout(60)
    void shouldRunTheDecoderWithAnEmptyEnvironmentNoCoreAndItsMemoryAndOutputBounded() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));
        // A stand-in decoder that reports what it was given instead of decoding.
        Path reporter = script(
                "reporter", "env > \"$3\"; echo \"as $(ulimit -v) core $(ulimit -c) fsize $(ulimit -f)\" >> \"$3\"");
        Transcoder bounded = new Transcoder(reporter, Duration.ofSeconds(30), 64L << 20, 1, 512L << 20);

        Path report = bounded.transcode(encoded, spool());

        String said = Files.readString(report);
        assertThat(said.lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('='))))
                .as("the decoder's environment: none of the JVM's variables, so none of its secrets")
                .isSubsetOf("PATH", "LC_ALL", "PWD", "SHLVL", "_");
        // ulimit reports KiB for the address space and 512-byte blocks for files.
        assertThat(said).contains("as " + (512L << 10) + " core 0 fsize " + (64L << 11));
    }

    @Test
    @Timeout(60)
    void shouldRefuseAnObjectThatWaitsTooLongForADecoderAsAFaultOfThisSide() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));
        Path slow = script("slow", "sleep 3; exit 1");
        Transcoder one = new Transcoder(slow, Duration.ofSeconds(1), 64L << 20, 1, 512L << 20);
        // The one decoder is taken for a whole timeout by the first object, then by the second, which has
        // waited its turn; the third waits longer than a timeout and is put off, not judged.
        List<CompletableFuture<Throwable>> ahead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ahead.add(CompletableFuture.supplyAsync(() -> {
                try {
                    one.transcode(encoded, spool());
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }));
            Thread.sleep(100);
        }

        assertThatThrownBy(() -> one.transcode(encoded, spool()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("decoders stayed busy");
        for (CompletableFuture<Throwable> decode : ahead) {
            assertThat(decode.get()).isInstanceOf(Transcoder.UndecodableException.class);
        }
        assertThat(spool()).isEmptyDirectory();
    }

    @Test
    @Timeout(60)
    void shouldCallADecoderKilledFromOutsideAFaultOfThisSide() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));
        // What the kernel's OOM killer does to a decoder: SIGKILL from outside.
        Transcoder killed = new Transcoder(script("killed", "kill -KILL $$"), Duration.ofSeconds(30), 64L << 20);

        assertThatThrownBy(() -> killed.transcode(encoded, spool()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(Transcoder.TranscoderUnavailableException.class)
                .hasMessageContaining("killed from outside");
        assertThat(spool()).isEmptyDirectory();
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    @Test
    void shouldCallAMissingGdcmconvAFaultOfThisSideNotOfTheObject() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));
        Transcoder missing = new Transcoder(dir.resolve("no-gdcmconv"), Duration.ofSeconds(5), 1L << 30);

        assertThatThrownBy(() -> missing.transcode(encoded, spool()))
                .isInstanceOf(IOException.class)
                .isInstanceOf(Transcoder.TranscoderUnavailableException.class);
        assertThat(spool()).doesNotExist();
    }

    @Test
    void shouldRecogniseGdcmconvsOwnWordsForAFailedWrite() throws Exception {
        Path encoded = EncodedSamples.J2K_LOSSLESS.write(dir.resolve("encoded.dcm"));

        DcmtkPeer full = DcmtkPeer.run("gdcmconv", "--raw", encoded.toString(), "/dev/full");
        DcmtkPeer unopenable = DcmtkPeer.run(
                "gdcmconv",
                "--raw",
                encoded.toString(),
                dir.resolve("none/x.dcm").toString());

        assertThat(full.exitCode()).isNotZero();
        assertThat(Transcoder.writeFailed(full.output())).as(full.output()).isTrue();
        assertThat(Transcoder.writeFailed(unopenable.output()))
                .as(unopenable.output())
                .isTrue();
        Path corrupt = EncodedSamples.corrupt(encoded, dir.resolve("corrupt.dcm"));
        DcmtkPeer undecodable = DcmtkPeer.run(
                "gdcmconv", "--raw", corrupt.toString(), dir.resolve("out.dcm").toString());
        assertThat(undecodable.exitCode()).isNotZero();
        assertThat(Transcoder.writeFailed(undecodable.output()))
                .as(undecodable.output())
                .isFalse();
    }

    @Test
    void shouldRefuseAPixelBombBeforeDecodingIt() throws Exception {
        Path encoded = EncodedSamples.JLS_LOSSLESS.write(dir.resolve("encoded.dcm"));
        Path bomb = dir.resolve("bomb.dcm");
        // 65535 x 65535 rows and columns, 16 bits: 8 GiB declared by a 130 KB object.
        DcmtkPeer.run("dcmodify", "-nb", "-m", "(0028,0010)=65535", "-m", "(0028,0011)=65535", encoded.toString())
                .ok();
        Files.copy(encoded, bomb);

        assertThatThrownBy(() -> transcoder.transcode(bomb, spool()))
                .isInstanceOf(Transcoder.UndecodableException.class)
                .hasMessageContaining("would decode to");
    }

    /**
     * The attacker's view: mutated JPEG 2000 and JPEG-LS objects go through the guard, and what it lets
     * pass through gdcmconv; each ends decoded, refused as malformed or undecodable, nothing else.
     */
    @ParameterizedTest
    @EnumSource(
            value = EncodedSamples.class,
            names = {"J2K_LOSSLESS", "JLS_LOSSLESS"})
    @Timeout(300)
    void shouldSortEveryMutantAsDecodedOrRefused(EncodedSamples syntax) throws Exception {
        byte[] original = Files.readAllBytes(syntax.write(dir.resolve("encoded.dcm")));
        Random random = new Random(23);
        int decoded = 0;
        int refused = 0;
        for (int n = 0; n < 30; n++) {
            byte[] mutant = original.clone();
            for (int k = 0; k < 1 + random.nextInt(16); k++) {
                mutant[132 + random.nextInt(mutant.length - 132)] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("mutant.dcm"), mutant);
            try {
                DicomInputGuard.check(file, DicomLimits.DEFAULTS);
                Files.delete(transcoder.transcode(file, spool()));
                decoded++;
            } catch (UnreadableDicomException | Transcoder.UndecodableException e) {
                refused++;
            }
            assertThat(spool()).isEmptyDirectory();
        }
        assertThat(decoded + refused).isEqualTo(30);
    }
}
