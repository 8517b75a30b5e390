package dev.cairn.server.http;

/** Handles one API call. Throw to answer with an error: {@link ApiErrors} picks the status. */
@FunctionalInterface
interface Endpoint {

    void handle(Call call) throws Exception;
}
