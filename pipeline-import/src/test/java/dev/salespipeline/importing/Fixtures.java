package dev.salespipeline.importing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The export files written for these tests, under src/test/resources/fixtures. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture " + name, e);
        }
    }
}
