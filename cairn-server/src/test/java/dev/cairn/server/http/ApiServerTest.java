package dev.cairn.server.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real API server over a SQLite file in a temporary folder, one for each test class. */
abstract class ApiServerTest {

    @TempDir
    static Path folder;
    static ApiFixture fixture;
    static HttpApi api;

    @BeforeAll
    static void startServer() {
        fixture = ApiFixture.start(folder);
        api = fixture.api;
    }

    @AfterAll
    static void stopServer() {
        fixture.close();
    }
}
