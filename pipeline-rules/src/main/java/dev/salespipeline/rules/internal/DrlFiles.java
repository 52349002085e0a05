package dev.salespipeline.rules.internal;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import java.util.Optional;

/** Parsing DRL for the checks that run before the compiler. */
final class DrlFiles {

    private DrlFiles() {
    }

    /**
     * The parsed file, or empty when it does not parse: the checks then leave it to the compiler,
     * which refuses it with the parser's own message and line.
     */
    static Optional<PackageDescr> parse(String drl) {
        DrlParser parser = new DrlParser();
        try {
            PackageDescr descr = parser.parse(false, drl);
            return descr == null || parser.hasErrors() ? Optional.empty() : Optional.of(descr);
        } catch (DroolsParserException e) {
            return Optional.empty();
        }
    }
}
