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
 * Every Java snippet in README.md and docs/ marked {@code <!-- compiled: FILE -->} is made of lines of
 * that compiled file, so code shown to newcomers cannot drift from code that builds.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern SNIPPET = Pattern.compile("<!-- compiled: (\\S+) -->\\s*```java\\n([\\s\\S]*?)```");

    @Test
    void everyMarkedSnippetIsTakenFromCompiledCode() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).forEach(documents::add);
        }
        int snippets = 0;
        for (Path document : documents) {
            Matcher matcher = SNIPPET.matcher(Files.readString(document));
            while (matcher.find()) {
                snippets++;
                Path source = ROOT.resolve(matcher.group(1));
                List<String> code = Files.readAllLines(source).stream().map(String::strip).toList();
                for (String line : matcher.group(2).lines().map(String::strip).toList()) {
                    if (!line.isEmpty()) {
                        assertThat(code).as("%s shows a line that %s does not have", document, source).contains(line);
                    }
                }
            }
        }
        assertThat(snippets).as("marked snippets").isGreaterThanOrEqualTo(3);
    }
}
