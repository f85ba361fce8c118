package org.osteon.gateway.results.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binary 8-bit PGM (P5), the one format dcmp2pgm writes by default. */
final class Pgm {

    private Pgm() {}

    static int[][] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int[] header = new int[3];
        int pos = 2;
        if (bytes[0] != 'P' || bytes[1] != '5') {
            throw new IOException(file + " is not a binary PGM");
        }
        for (int i = 0; i < 3; i++) {
            while (Character.isWhitespace(bytes[pos])) {
                pos++;
            }
            int value = 0;
            while (Character.isDigit(bytes[pos])) {
                value = value * 10 + (bytes[pos++] - '0');
            }
            header[i] = value;
        }
        pos++; // the single whitespace after the maximum value
        if (header[2] > 255) {
            throw new IOException(file + " has 16-bit samples");
        }
        int width = header[0], height = header[1];
        int[][] pixels = new int[height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                pixels[r][c] = bytes[pos++] & 0xff;
            }
        }
        return pixels;
    }
}
