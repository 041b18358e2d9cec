package jp.tokuten.stores;

/** What an import did: stores created and stores updated, out of the rows the file held. */
public record CsvImport(int created, int updated, int rows) {}
