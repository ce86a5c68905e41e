package io.botasky.agent.ship;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that refuses TLS, for an HttpClient that only speaks plain HTTP ({@code tls =
 * false}). Without it, building an HttpClient initialises the default SSLContext: some 800 JSSE
 * classes and the parsed cacerts, a few MB and a noticeable start-up cost on a Raspberry Pi, for a
 * connection that never uses them.
 */
final class PlainHttpOnly extends SSLContext {
  PlainHttpOnly() {
    super(new Spi(), null, "none");
  }

  private static final class Spi extends SSLContextSpi {
    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      // Nothing to set up: this context never makes a TLS connection.
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return null;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return null;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters();
    }

    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("tls = false: this agent speaks plain HTTP only");
    }
  }
}
