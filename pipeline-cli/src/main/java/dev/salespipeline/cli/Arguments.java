package dev.salespipeline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's arguments: positional values, {@code --name value} options and {@code --flag}s. */
final class Arguments {

    /** Bad usage: the message says what, and the command exits 2 with its usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags;

    Arguments(List<String> args, Set<String> valueOptions, Set<String> flags) {
        this.flags = new java.util.HashSet<>();
        for (int index = 0; index < args.size(); index++) {
            String arg = args.get(index);
            if (flags.contains(arg)) {
                this.flags.add(arg);
            } else if (valueOptions.contains(arg)) {
                if (index + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                options.put(arg, args.get(++index));
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else {
                positional.add(arg);
            }
        }
    }

    List<String> positional(int count, String names) {
        if (positional.size() != count) {
            throw new UsageException("expected " + names + ", but got " + (positional.isEmpty() ? "nothing"
                    : String.join(" ", positional)));
        }
        return positional;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
