package dev.salespipeline.importing.internal;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A CSV file read whole: its header and its rows, each with the line it starts on. Reading is strict:
 * bytes that are not valid in the charset and malformed quoting refuse the file, since every row after
 * them would be suspect. A byte-order mark is skipped; CRLF, LF, CR, blank lines and quoted newlines
 * are accepted.
 */
public final class CsvTable {

    /** Exports larger than this are refused rather than risk the heap; split them. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    /** One data row and the line of the file it starts on. */
    public record Row(long line, List<String> cells) {

        /** The cell at {@code index}, or empty when the row is shorter. */
        public String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }
    }

    /** The file cannot be read as CSV at all. */
    public static final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        private final long line;

        Unreadable(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    private final String name;
    private final List<String> headers;
    private final List<Row> rows;

    private CsvTable(String name, List<String> headers, List<Row> rows) {
        this.name = name;
        this.headers = headers;
        this.rows = rows;
    }

    public static CsvTable read(Path file, Charset charset, char delimiter) throws Unreadable {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Unreadable(0, "is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; split it into "
                        + "several files");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable(0, "does not exist");
        } catch (IOException e) {
            throw new Unreadable(0, "cannot be read: " + e.getMessage());
        }
        return parse(name, decode(bytes, charset), delimiter);
    }

    /**
     * Decodes strictly, so that a wrong charset is reported at its line rather than read as mojibake. A
     * byte-order mark says the charset (Excel's "Unicode text" is UTF-16LE with one), whatever was given.
     */
    private static String decode(byte[] bytes, Charset given) throws Unreadable {
        Charset charset = given;
        int offset = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            offset = 3;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            offset = 2;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            offset = 2;
        } else if (!given.name().startsWith("UTF-16") && looksLikeUtf16(bytes)) {
            String name = bytes[0] == 0 ? "UTF-16BE" : "UTF-16LE";
            throw new Unreadable(1, "is " + name + " text without a byte-order mark (every other byte is zero)"
                    + "\nAdd the line 'charset = " + name + "' to the mapping (on the command line: --charset " + name
                    + ").");
        }
        try {
            return strictly(bytes, offset, charset);
        } catch (Undecodable e) {
            throw new Unreadable(e.line, "is not valid " + charset.name() + " text at line " + e.line
                    + (e.before.isBlank() ? "" : ", after '" + e.before + "'") + charsetHint(bytes, offset, charset));
        }
    }

    /** The charset a file that is not valid in {@code tried} does decode in, as a line to add to the mapping. */
    private static String charsetHint(byte[] bytes, int offset, Charset tried) {
        for (Charset candidate : List.of(StandardCharsets.UTF_8, Charset.forName("windows-1252"))) {
            if (!candidate.equals(tried)) {
                try {
                    strictly(bytes, offset, candidate);
                    return "\nIt reads as " + candidate.name() + (candidate.name().equals("windows-1252")
                            ? " (what Excel on Windows saves in the Americas and Western Europe)" : "")
                            + ": add the line 'charset = " + candidate.name() + "' to the mapping (on the command line:"
                            + " --charset " + candidate.name() + ").";
                } catch (Undecodable e) {
                    // Not this one either.
                }
            }
        }
        return "\nGive the charset the file was saved in: add the line 'charset = <name>' to the mapping (on the"
                + " command line: --charset <name>), or export it as UTF-8.";
    }

    private static String strictly(byte[] bytes, int offset, Charset charset) throws Undecodable {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer text = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) ((bytes.length - offset) * (double) decoder.maxCharsPerByte()) + 16));
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset), text, true);
        if (!result.isError()) {
            result = decoder.flush(text);
        }
        if (result.isError()) {
            String decoded = text.flip().toString();
            int lineStart = Math.max(decoded.lastIndexOf('\n'), decoded.lastIndexOf('\r')) + 1;
            String before = decoded.substring(Math.max(lineStart, decoded.length() - 30));
            throw new Undecodable(lineStarts(decoded).length, before);
        }
        String decoded = text.flip().toString();
        return decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
    }

    /** Where decoding failed: the line, and the text of that line before the bad bytes. */
    private static final class Undecodable extends Exception {

        private static final long serialVersionUID = 1L;

        private final long line;
        private final String before;

        Undecodable(long line, String before) {
            super(null, null, false, false);
            this.line = line;
            this.before = before;
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII text in UTF-16 has a zero in every other byte; no CSV in a single-byte charset has any. */
    private static boolean looksLikeUtf16(byte[] bytes) {
        int sample = Math.min(bytes.length, 512) & ~1;
        if (sample < 4) {
            return false;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < sample; i++) {
            if (bytes[i] == 0) {
                if (i % 2 == 0) {
                    evenZeros++;
                } else {
                    oddZeros++;
                }
            }
        }
        return Math.max(evenZeros, oddZeros) * 4 >= sample;
    }

    private static CsvTable parse(String name, String text, char delimiter) throws Unreadable {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        long[] lineStarts = lineStarts(text);
        List<String> headers = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            var records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    long line = parser.getCurrentLineNumber();
                    throw new Unreadable(line, "is not well-formed CSV near line " + line + ": "
                            + e.getCause().getMessage());
                }
                if (headers == null) {
                    headers = record.toList().stream().map(String::strip).toList();
                } else {
                    rows.add(new Row(lineOf(text, lineStarts, record.getCharacterPosition()), record.toList()));
                }
            }
        } catch (IOException e) {
            throw new Unreadable(0, "cannot be read: " + e.getMessage());
        }
        if (headers == null) {
            throw new Unreadable(0, "is empty: expected a header row naming the columns");
        }
        return new CsvTable(name, headers, List.copyOf(rows));
    }

    /** A record's position includes the blank lines skipped before it; its own first line is after them. */
    private static long lineOf(String text, long[] lineStarts, long position) {
        int start = (int) position;
        while (start < text.length() && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) {
            start++;
        }
        int index = Arrays.binarySearch(lineStarts, start);
        return (index >= 0 ? index : -index - 2) + 1L;
    }

    private static long[] lineStarts(CharSequence text) {
        long[] starts = new long[16];
        int count = 0;
        starts[count++] = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            boolean lineBreak = c == '\n' || (c == '\r' && (index + 1 >= text.length() || text.charAt(index + 1) != '\n'));
            if (lineBreak) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = index + 1L;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    public String name() {
        return name;
    }

    public List<String> headers() {
        return headers;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The index of the first of {@code candidates} that is a header, ignoring case and surrounding spaces. */
    public OptionalInt column(List<String> candidates) {
        for (String candidate : candidates) {
            String wanted = candidate.strip().toLowerCase(Locale.ROOT);
            for (int index = 0; index < headers.size(); index++) {
                if (headers.get(index).toLowerCase(Locale.ROOT).equals(wanted)) {
                    return OptionalInt.of(index);
                }
            }
        }
        return OptionalInt.empty();
    }
}
