package io.botasky.collector.http;

/** Told about every answered request (metrics, first-contact logging). */
public interface RequestObserver {
  void answered(String route, String method, int status, long nanos, String remoteAddress);
}
