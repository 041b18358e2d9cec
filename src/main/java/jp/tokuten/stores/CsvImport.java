package jp.tokuten.stores;

import java.io.Serializable;

/** What an import did: stores created and stores updated, out of the rows the file held. */
public record CsvImport(int created, int updated, int rows) implements Serializable {}
