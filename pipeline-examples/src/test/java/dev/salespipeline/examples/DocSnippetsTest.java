package dev.salespipeline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every Java block in README.md and docs/ runs as shown. Each is marked, on the line before it, as one
 * of two things:
 * <ul>
 *   <li>{@code <!-- doc-program: FILE -->}: the whole of a compiled source file, imports included, a
 *       program that its own test runs;</li>
 *   <li>{@code <!-- doc-region: FILE#NAME -->}: exactly the lines between {@code // doc-region: NAME} and
 *       the next {@code // doc-end} of a compiled file, which its own test runs (or which is itself a
 *       test class).</li>
 * </ul>
 * A block without a marker, or one that differs from its source by a character, fails the build.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n([\\s\\S]*?)^```");
    private static final Pattern MARKER = Pattern.compile("<!-- doc-(program|region): ([^#\\s]+)(?:#(\\S+))? -->");

    private record Block(Path document, int line, String marker, String code) {
        @Override
        public String toString() {
            return document + ":" + line;
        }
    }

    private static List<Block> blocks() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path document : documents) {
            String text = Files.readString(document);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                String before = text.substring(0, block.start()).stripTrailing();
                String markerLine = before.substring(before.lastIndexOf('\n') + 1);
                int line = (int) text.substring(0, block.start()).chars().filter(c -> c == '\n').count() + 1;
                blocks.add(new Block(document, line, markerLine, block.group(1)));
            }
        }
        return blocks;
    }

    @Test
    void everyJavaBlockIsAProgramOrARegionOfOneThatATestRuns() throws IOException {
        List<Block> blocks = blocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(14);
        for (Block block : blocks) {
            Matcher marker = MARKER.matcher(block.marker());
            assertThat(marker.matches()).as("%s: a Java block needs <!-- doc-program: FILE --> or"
                    + " <!-- doc-region: FILE#NAME --> on the line before it, but has '%s'", block, block.marker()).isTrue();
            Path source = ROOT.resolve(marker.group(2));
            assertThat(source).as("%s names %s", block, source).isRegularFile();
            String file = Files.readString(source);
            if (marker.group(1).equals("program")) {
                assertThat(block.code()).as("%s shows the whole of %s", block, source).isEqualTo(file);
            } else {
                assertThat(block.code()).as("%s shows the region '%s' of %s", block, marker.group(3), source)
                        .isEqualTo(region(file, marker.group(3), source));
            }
            assertThat(runByATest(source)).as("%s: %s is run by a test", block, source).isTrue();
        }
    }

    /**
     * A block marked {@code <!-- doc-file: FILE -->}, of any language, shows the whole of a file a test
     * reads: the mapping files of docs/importing.md are the ones its import tests use.
     */
    @Test
    void everyFileBlockShowsTheWholeOfItsFile() throws IOException {
        Pattern fileBlock = Pattern.compile("(?m)^<!-- doc-file: (\\S+) -->\\n```\\w*\\n([\\s\\S]*?)^```");
        int blocks = 0;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path document : docs.filter(path -> path.toString().endsWith(".md")).sorted().toList()) {
                Matcher block = fileBlock.matcher(Files.readString(document));
                while (block.find()) {
                    Path source = ROOT.resolve(block.group(1));
                    assertThat(source).as("%s names %s", document, source).isRegularFile();
                    assertThat(block.group(2)).as("%s shows the whole of %s", document, source)
                            .isEqualTo(Files.readString(source));
                    blocks++;
                }
            }
        }
        assertThat(blocks).isGreaterThanOrEqualTo(4);
    }

    /** The region's lines, without the indentation they share, ending with a line break. */
    private static String region(String file, String name, Path source) {
        String start = "// doc-region: " + name + "\n";
        int from = file.indexOf(start);
        assertThat(from).as("%s has no region '%s'", source, name).isNotNegative();
        int begin = from + start.length();
        int end = file.lastIndexOf('\n', file.indexOf("// doc-end", begin)) + 1;
        List<String> lines = file.substring(begin, end).lines().toList();
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder code = new StringBuilder();
        for (String line : lines) {
            code.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return code.toString();
    }

    /** A test class itself, or a program whose test class (same package, {@code …Test}) calls it. */
    private static boolean runByATest(Path source) throws IOException {
        String name = source.getFileName().toString().replace(".java", "");
        if (source.toString().contains("/src/test/") && name.endsWith("Test")) {
            return true;
        }
        Path test = Path.of(source.toString().replace("/src/main/", "/src/test/").replace(name + ".java",
                name + "Test.java"));
        return Files.isRegularFile(test) && Files.readString(test).contains(name + ".");
    }
}
