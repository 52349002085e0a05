package dev.salespipeline.rules;

import java.util.Objects;

/**
 * One rule file as loaded: its name (which host files use to replace a default), where it came from,
 * and its text.
 *
 * @param name     the file name, such as {@code gate-discovery-exit.drl}
 * @param location where it was read from: {@code classpath:…} or a file path
 * @param content  the DRL text
 */
public record RuleFile(String name, String location, String content) {

    public RuleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        return location;
    }
}
