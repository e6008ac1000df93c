package dev.votes.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * One fuzz input of {@link IngestFuzzTest}: the files of one ingest run and how it is run, decoded from bytes that stay
 * readable (so seeds can be written by hand and a finding read as it is). The bytes are one or more files, each
 * introduced by a header line:
 *
 * <pre>
 * #fuzz NAME [gz] [cut=N] [flip=N] [force] [again] [json] [dir] [fmt=FORMAT]
 * the file's content, up to the next line starting with #fuzz
 * </pre>
 *
 * NAME is the file name's suffix ({@code jsonl}, {@code csv.gz}, {@code json}, ...; {@code -} for none): the file is
 * {@code fN.NAME}. {@code gz} gzip-compresses the content; {@code cut=N} then keeps the first N bytes on disk and {@code
 * flip=N} flips byte N (both damage what is on disk, mostly a gzip stream). The other words apply to the run: {@code
 * force} passes {@code --force}, {@code again} runs the same command a second time, {@code json} passes {@code --format
 * json}, {@code dir} gives the run's directory instead of its files, {@code fmt=} passes {@code --input-format}. Bytes
 * without a leading header are one JSON-lines file. Anything the header does not understand is ignored, so every byte
 * string is an input.
 */
record FuzzInput(List<FuzzFile> files, boolean force, boolean again, boolean json, boolean directory,
                 String inputFormat) {

    static final int MAX_FILES = 4;
    private static final byte[] HEADER = "#fuzz".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("[a-z0-9._]{1,24}");
    private static final Set<String> FORMATS = Set.of("auto", "jsonl", "json-array", "csv", "tsv", "parquet");

    /** One file of the run: its name, its content, and what is done to the bytes on disk. */
    record FuzzFile(String name, byte[] content, boolean gzip, int cut, int flip) {

        /** The bytes written to disk: the content, gzip-compressed when asked, then cut and flipped when asked. */
        byte[] bytesOnDisk() {
            byte[] bytes = gzip ? FuzzInput.gzip(content) : content;
            if (cut >= 0 && cut < bytes.length) {
                bytes = Arrays.copyOf(bytes, cut);
            }
            if (flip >= 0 && bytes.length > 0) {
                bytes = bytes.clone();
                bytes[flip % bytes.length] ^= 0x55;
            }
            return bytes;
        }

        /** Whether the bytes on disk are the content exactly as the header says (compressed or not), undamaged. */
        boolean intact() {
            return cut < 0 && flip < 0;
        }

        Path writeTo(Path directory) throws IOException {
            Path file = directory.resolve(name);
            Files.write(file, bytesOnDisk());
            return file;
        }
    }

    static FuzzInput parse(byte[] input) {
        List<Integer> starts = new ArrayList<>();
        if (!startsWithHeader(input, 0)) {
            starts.add(-1); // a plain JSON-lines file, no header line
        }
        for (int i = 0; i < input.length && starts.size() < MAX_FILES; i++) {
            if ((i == 0 || input[i - 1] == '\n') && startsWithHeader(input, i)) {
                starts.add(i);
            }
        }
        List<FuzzFile> files = new ArrayList<>();
        boolean force = false;
        boolean again = false;
        boolean json = false;
        boolean directory = false;
        String inputFormat = null;
        for (int f = 0; f < starts.size(); f++) {
            int start = starts.get(f);
            int end = f + 1 < starts.size() ? starts.get(f + 1) : input.length;
            String name = "jsonl";
            boolean gzip = false;
            int cut = -1;
            int flip = -1;
            int contentStart = 0;
            if (start >= 0) {
                int lineEnd = indexOf(input, (byte) '\n', start, end);
                contentStart = lineEnd < 0 ? end : lineEnd + 1;
                String header = new String(input, start + HEADER.length, (lineEnd < 0 ? end : lineEnd) - start
                        - HEADER.length, StandardCharsets.ISO_8859_1).strip();
                String[] words = header.isEmpty() ? new String[0] : header.split(" +");
                for (int w = 0; w < words.length; w++) {
                    String word = words[w];
                    if (w == 0) {
                        name = word.equals("-") ? "" : NAME.matcher(word).matches() ? word : "dat";
                    } else if (word.equals("gz")) {
                        gzip = true;
                    } else if (word.startsWith("cut=")) {
                        cut = number(word.substring(4));
                    } else if (word.startsWith("flip=")) {
                        flip = number(word.substring(5));
                    } else if (word.equals("force")) {
                        force = true;
                    } else if (word.equals("again")) {
                        again = true;
                    } else if (word.equals("json")) {
                        json = true;
                    } else if (word.equals("dir")) {
                        directory = true;
                    } else if (word.startsWith("fmt=") && FORMATS.contains(word.substring(4))) {
                        inputFormat = word.substring(4);
                    }
                }
            } else {
                contentStart = 0;
            }
            byte[] content = Arrays.copyOfRange(input, Math.min(contentStart, end), end);
            files.add(new FuzzFile("f" + f + (name.isEmpty() ? "" : "." + name), content, gzip, cut, flip));
        }
        return new FuzzInput(List.copyOf(files), force, again, json, directory, inputFormat);
    }

    /** The command line of the run, before the inputs. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        if (force) {
            options.add("--force");
        }
        if (json) {
            options.addAll(List.of("--format", "json"));
        }
        if (inputFormat != null) {
            options.addAll(List.of("--input-format", inputFormat));
        }
        return options;
    }

    private static boolean startsWithHeader(byte[] input, int at) {
        if (input.length - at < HEADER.length) {
            return false;
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (input[at + i] != HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] input, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (input[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int number(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(text);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
