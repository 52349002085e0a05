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

    /** Decodes strictly, so that a wrong charset is reported at its line rather than read as mojibake. */
    private static String decode(byte[] bytes, Charset charset) throws Unreadable {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer text = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) (bytes.length * (double) decoder.maxCharsPerByte()) + 16));
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), text, true);
        if (!result.isError()) {
            result = decoder.flush(text);
        }
        if (result.isError()) {
            long line = lineStarts(text.flip()).length;
            throw new Unreadable(line, "is not valid " + charset.name() + " text at line " + line
                    + "\nMaybe export it as UTF-8, or give the import the charset the file was saved in.");
        }
        String decoded = text.flip().toString();
        return decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
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
