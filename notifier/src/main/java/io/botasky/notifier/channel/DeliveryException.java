package io.botasky.notifier.channel;

/**
 * An attempt failed. {@link #retryable()} says whether trying again may help: a timeout, a 4xx from
 * SMTP, a 5xx from a webhook; or not: a rejected recipient, a 4xx from a webhook.
 */
public final class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public DeliveryException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
