package dev.salespipeline.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.money.Money;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** JSON written to a stream through Jackson's streaming generator; amounts as decimal strings, never floats. */
final class JsonOut implements AutoCloseable {

    private final JsonGenerator json;

    JsonOut(OutputStream out) {
        try {
            this.json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body}, turning Jackson's checked IOException into an unchecked one. */
    JsonOut write(IoBody body) {
        try {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @FunctionalInterface
    interface IoBody {
        void write(JsonGenerator json) throws IOException;
    }

    /** {@code {"EUR": "1250.00", …}}: money stays exact. */
    static void money(JsonGenerator json, String field, MoneyTotals totals) throws IOException {
        json.writeObjectFieldStart(field);
        for (Money money : totals.byCurrency().values()) {
            json.writeStringField(money.currency().getCurrencyCode(), money.amount().toPlainString());
        }
        json.writeEndObject();
    }

    @Override
    public void close() {
        try {
            json.writeRaw(System.lineSeparator());
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
