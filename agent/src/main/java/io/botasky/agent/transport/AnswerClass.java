package io.botasky.agent.transport;

/** The class of an answer of the collector: what it means for the data sent. */
public enum AnswerClass {
  /** 2xx: stored (or stored before); forget it. */
  DELIVERED,
  /** The request itself is wrong (400, 413, 415, 422): resending cannot help; set it aside. */
  SET_ASIDE,
  /**
   * The collector or the way to it is not ready (5xx, 429, 401/403 until the token is fixed, no
   * route): keep and retry later.
   */
  RETRY;

  /**
   * The pure classification of a status code. 401 and 403 are retried rather than set aside: a
   * wrong token is fixed by an operator, and the data must still be there when it is.
   */
  public static AnswerClass of(int status) {
    if (status >= 200 && status < 300) {
      return DELIVERED;
    }
    return switch (status) {
      case 400, 413, 415, 422 -> SET_ASIDE;
      default -> RETRY;
    };
  }
}
