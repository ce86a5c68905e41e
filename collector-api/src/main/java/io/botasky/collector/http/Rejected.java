package io.botasky.collector.http;

/**
 * A request answered before it reached a handler (on its head, or when its deadline passed). It
 * travels down the pipeline like a request, so the dispatcher writes the answer in its turn: a
 * client that pipelines gets its answers in the order it asked.
 *
 * @param route the matched route pattern, or {@code unmatched}
 * @param keepAlive whether the connection may serve another request after this answer
 * @param gentle when closing, whether to half-close first and drain what the client still sends
 *     (closing at once while a body is arriving makes the kernel reset the connection, and the
 *     client may lose the answer)
 */
record Rejected(
    Response response,
    String route,
    String method,
    String remoteAddress,
    boolean keepAlive,
    boolean gentle) {}
